"""The HTTP stacks under the clients: everything that touches a socket.

- ``stacks``: which stack each client runs on (``SENDWIRE_HTTP``), and how it reads one
  attempt's ``Answer`` within the attempt's limits;
- ``direct_call``: which requests may skip httpx's client layer, encoded as httpx would;
- ``httpx_direct``: the sync client's ``httpx.Client``, sending direct calls to its transport;
- ``aiohttp_client`` and ``aiohttp_transport``: the async fast path over aiohttp's pool, an
  httpx transport (the one seam: ``httpx.AsyncBaseTransport``) with its own direct calls;
- ``deadline``: the sync pools' network backend that keeps the attempt's total deadline;
- ``bodies``: reading a body up to the size cap, counted after decoding;
- ``httpx_path``: one attempt through httpx's full client layer.
"""
