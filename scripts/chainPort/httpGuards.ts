import type { RequestHandler } from "express";
import { HostNotAllowedError, HttpMethodNotAllowedError, UnsupportedMediaTypeError } from "./errors";

// What the port refuses before it reads a body: the requests a page of another site can make.

/**
 * Refuses a Host header not in `allowedHosts`: behind DNS rebinding, a hostile page's requests
 * reach the port with its own site's name in it.
 */
export function knownHostOnly(allowedHosts: readonly string[]): RequestHandler {
  const hosts = new Set(allowedHosts.map((host) => host.toLowerCase()));
  return (req, _res, next) => {
    const { host } = req.headers;
    next(host !== undefined && hosts.has(host.toLowerCase()) ? undefined : new HostNotAllowedError({ host }));
  };
}

/** Refuses anything but POST, OPTIONS included: a preflight that fails keeps a JSON body from being sent. */
export const postOnly: RequestHandler = (req, res, next) => {
  if (req.method === "POST") return next();
  res.setHeader("Allow", "POST");
  next(new HttpMethodNotAllowedError({ method: req.method }));
};

/**
 * Refuses any body but application/json. text/plain, forms and multipart are what a page of
 * another origin can POST without a preflight; a JSON body needs one.
 */
export const jsonOnly: RequestHandler = (req, _res, next) => {
  const contentType = req.headers["content-type"];
  const mediaType = contentType?.split(";", 1)[0]?.trim().toLowerCase();
  next(mediaType === "application/json" ? undefined : new UnsupportedMediaTypeError({ contentType }));
};
