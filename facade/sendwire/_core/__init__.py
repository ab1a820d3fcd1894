"""The sans-IO core shared by ``Client`` and ``AsyncClient``: no sockets, no sleeping.

- ``requests``: validate arguments and build each operation's request (via the generated
  client's URL templates and request models), tagged with its retry safety;
- ``call``: one call across its attempts: what an answer or a network failure means, whether
  to retry and after how long, which typed error to raise;
- ``retry``: the pure retry policy (backoff with full jitter, ``Retry-After``);
- ``responses``: error answers into ``ApiError`` subclasses;
- ``inputs``: facade arguments into wire values, judged by the rules compiled from the spec;
- ``convert``: JSON values into Python ones for the generated models (``sendwire._generated``);
- ``paging``: following ``next_page_uri`` with a limit; ``dates``: both directions;
- ``config``: client settings and credentials.

The shells in ``sendwire.client`` and ``sendwire.async_client`` only send and sleep.
"""
