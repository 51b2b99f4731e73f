/**
 * @module version
 * The program's version, taken from package.json at build time so the
 * compiled binary knows it without the file beside it.
 */
import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
