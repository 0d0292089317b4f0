/**
 * How notify shares a term's letters between its invocations: it stops this long before its function's timeout and
 * says where the next invocation carries on (functions/handlers/notify.ts). The limits test counts the letters an
 * invocation can send in the time left (lib/execution-limits.ts), so both read it here.
 */
export const NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS = 60;
