// Bearer-token check, constant time whatever the lengths of the two tokens.
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { HttpError } from "../errors.js";

/** True when `given` equals `expected`; compares fixed-size digests so length leaks nothing. */
export function tokensEqual(given: string, expected: string | Buffer): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = typeof expected === "string" ? createHash("sha256").update(expected).digest() : expected;
  return timingSafeEqual(a, b);
}

/** Requires `Authorization: Bearer <token>` on every route it is mounted on. */
export function requireToken(token: string): RequestHandler {
  const expected = createHash("sha256").update(token).digest(); // hashed once, not per request
  return (req, _res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match) {
      return next(new HttpError(401, "unauthorized", header ? "malformed Authorization header; expected: Bearer <token>" : "missing Authorization: Bearer <token>"));
    }
    if (!tokensEqual(match[1]!, expected)) return next(new HttpError(401, "unauthorized", "wrong token"));
    next();
  };
}
