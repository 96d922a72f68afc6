/**
 * WAI-ARIA tabs (automatic activation): arrow keys, Home and End move between the tabs, and only
 * the selected tab is in the Tab order, so Tab goes straight from it into its panel.
 * Returns a function that selects a tab by id.
 */
export function initTabs(tablist: HTMLElement): (tabId: string) => void {
  const tabs = [...tablist.querySelectorAll<HTMLElement>('[role="tab"]')];
  const select = (tab: HTMLElement, focus: boolean) => {
    for (const candidate of tabs) {
      const selected = candidate === tab;
      candidate.setAttribute("aria-selected", String(selected));
      candidate.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(candidate.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tablist.addEventListener("click", (event) => {
    const tab = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="tab"]') : null;
    if (tab) select(tab, false);
  });
  tablist.addEventListener("keydown", (event) => {
    const current = tabs.findIndex((tab) => tab === document.activeElement);
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
    const next = moves[event.key];
    if (current === -1 || next === undefined) return;
    event.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length]!, true);
  });
  return (tabId) => {
    const tab = tabs.find((candidate) => candidate.id === tabId);
    if (tab) select(tab, false);
  };
}
