/**
 * Preloaded before every test file (bunfig.toml). End-to-end tests build
 * and start the compiled binary, and one drives a browser: Bun's default
 * of 5 s per test is too short for those on a loaded 2-core machine.
 */
import { setDefaultTimeout } from "bun:test";

setDefaultTimeout(60_000);
