export * from "./types";
export * from "./article";
export * from "./contentId";
export * from "./eip712";
export * from "./markdown";
export * from "./batch";
export * from "./receipt";
export * from "./publicKeys";
