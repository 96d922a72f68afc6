import type { z } from "zod";
import { InvalidRequestError, type ErrorCode } from "../errors";
import { isArticleRule } from "../../protocol";

/** Enough to fix a request; more would let a hostile body (thousands of unknown keys) inflate the answer. */
const MAX_ISSUES = 20;
const MAX_ISSUE_MESSAGE = 300;

/**
 * Parses `value` with `schema`, or throws a 400 that lists the problems with their paths:
 * `invalid_request`, or the code of the input's class (`invalid_identifier` for an article identifier).
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  at: (string | number)[] = [],
  code: ErrorCode = "invalid_request",
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(result.error, at, code);
}

/** The 400 that `validate` throws, for a schema's failed safeParse. */
export function invalidRequest(error: z.ZodError, at: (string | number)[] = [], code: ErrorCode = "invalid_request"): InvalidRequestError {
  const issues = error.issues.slice(0, MAX_ISSUES);
  return new InvalidRequestError({
    code,
    message: "the request is invalid",
    details: {
      issues: issues.map((issue) => ({
        path: [...at, ...issue.path],
        message: issue.message.slice(0, MAX_ISSUE_MESSAGE),
        ...articleRuleOf(issue),
      })),
    },
  });
}

/** The protocol rule an issue of an article's check names (`articleInputSchema`); other issues name none. */
const articleRuleOf = (issue: z.core.$ZodIssue) => {
  const rule = issue.code === "custom" ? issue.params?.rule : undefined;
  return isArticleRule(rule) ? { rule } : {};
};
