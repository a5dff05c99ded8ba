/** An HTTP request as failure messages name it ("to POST https://…"): its address belongs in the detail. */
const REQUEST = /,? to (?:GET|POST|PUT|PATCH|DELETE|HEAD) \S+?(?=:? ["“]|,| —| with |$)/;

/**
 * A cause as a row shows it: what went wrong, without the request's address that would push the reason
 * out of sight ("Nuvolo answered 500: "Internal Server Error…" — …"). The drawer shows the whole message.
 */
export const causeInBrief = (cause: string): string => {
  const brief = cause.replace(REQUEST, '').trim();
  return brief === '' ? cause : brief;
};
