"""The sans-IO core shared by ``Client`` and ``AsyncClient``: no sockets, no sleeping, no
HTTP stack (those are in ``sendwire._transport``).

- ``requests``: validate arguments and build each operation's request (via the generated
  client's URL templates and request models) as a ``prepared.PreparedRequest``, tagged with
  its retry safety;
- ``call``: one call across its attempts (``CallState``): what an answer (``Answer``) or a
  network failure means, whether to retry and after how long, which typed error to raise;
- ``retry``: every decision to try again and when: the clients' policy (backoff with full
  jitter, ``Retry-After``), a stale pooled connection's resend, a bulk item's backoff;
- ``limits``: how far one attempt may go (answer size, total deadline);
- ``responses``: error answers into ``ApiError`` subclasses;
- ``paging``: walking a list with a limit; ``links``: the rule a server's link must keep
  (same scheme, host, port and list path) before it is followed;
- ``inputs``: facade arguments into wire values, judged by the rules compiled from the spec;
- ``convert``, ``resource``, ``openenum``: JSON values into the generated models' Python ones;
- ``dates``: both directions; ``validate``: argument checks;
- ``config``: client settings and credentials.

The shells in ``sendwire.client`` and ``sendwire.async_client`` only send (through
``sendwire._transport``) and sleep.
"""
