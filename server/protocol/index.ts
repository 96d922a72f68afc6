export * from "./types";
export * from "./article";
export * from "./contentId";
export * from "./eip712";
export * from "./markdown";
