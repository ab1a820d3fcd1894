"""`sendwire contract`: the API contract suite, runnable against any Messages API server.

schemathesis (the `sendwire[contract]` extra) runs the spec shipped in the package against a
server, every phase and every check. The run's own hooks record every answer it sees, so the
proof that the stateful phase really created, fetched, updated and deleted messages needs no
help from the server. Modules, one job each:

* `settings`: what a run is asked to do;
* `hooks`: the schemathesis hooks module of a run (adds the recorder of answers);
* `calls`: the file of answers the hooks write, and reading it back;
* `proof`: what the stateful phase must have achieved;
* `operations`: the spec shipped in the package, and naming operations in reports;
* `redact`: masking the credentials in everything the run prints or leaves;
* `schemathesis_run`: one `st run` in a child process;
* `junit`: reading schemathesis' JUnit reports, and writing the merged one;
* `summary`: the per-operation summary for a CI log;
* `run`: the whole run, and its exit status.
"""
