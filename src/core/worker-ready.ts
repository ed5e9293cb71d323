/**
 * The message a worker posts once its module has loaded and its API is exposed. Until the UI sees
 * it, a worker that cannot load (blocked, 404, script error) would make every call wait forever;
 * the bridge listens for it, for the Worker's error event, and for a startup time limit.
 */
export const WORKER_READY = 'reel-worker-ready';
