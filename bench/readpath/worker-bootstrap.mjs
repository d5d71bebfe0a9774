// Entry of every benchmark worker thread: a worker does not inherit the tsx loader the CLI registered in the main
// thread, so it registers its own, then imports the TypeScript module named in workerData.entry.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
