"""The sans-IO core shared by the sync and async clients: no sockets, no sleeping."""
