import { ApiError } from "./api";
import { h, present, type Child } from "./dom";
import { verdictHeading } from "./verdict";

/** What a check shows: a verdict (announced to screen readers) and the details below it. */
export interface CheckResult {
  /** verified, superseded, retracted, unverified, invalid or error: the badge's colour. */
  state: string;
  verdict: Child[];
  details: Child[];
}

/**
 * The result area. The verdict element is an aria-live region that stays in the page, so that
 * screen readers announce each new verdict; the details (history, diffs) are not announced.
 * A check started later wins: the answer of an earlier, slower one is dropped.
 */
export class ResultView {
  private latest = 0;

  constructor(
    private readonly verdict: HTMLElement,
    private readonly details: HTMLElement,
  ) {}

  async run(busyMessage: string, check: () => Promise<CheckResult>): Promise<void> {
    const run = ++this.latest;
    this.verdict.dataset.state = "busy";
    this.verdict.setAttribute("aria-busy", "true");
    this.verdict.replaceChildren(h("p", {}, busyMessage));
    this.details.replaceChildren();
    let result: CheckResult;
    try {
      result = await check();
    } catch (error) {
      result = failure(error);
    }
    if (run !== this.latest) return;
    this.verdict.dataset.state = result.state;
    this.verdict.removeAttribute("aria-busy");
    this.verdict.replaceChildren(...present(result.verdict));
    this.details.replaceChildren(...present(result.details));
  }
}

function failure(error: unknown): CheckResult {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError) && !(error instanceof Error && error.name === "ArticleFileError")) console.error(error);
  return { state: "error", verdict: [verdictHeading("unverified", "Could not check"), h("p", {}, capitalize(message) + ".")], details: [] };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
