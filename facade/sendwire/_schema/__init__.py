"""The spec's input rules as code both the client and the mock server run.

``jsonschema`` turns an OpenAPI schema into plain JSON Schema, ``formats`` checks the string
formats the spec names, and ``rules`` compiles a set of parameters into one check that
answers with the API's own error code, so a request the client lets through is one the mock
accepts, and one it refuses is refused for the same reason.
"""
