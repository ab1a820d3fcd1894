"""The HTTP stacks under the clients: everything here does I/O; ``sendwire._core`` does none."""
