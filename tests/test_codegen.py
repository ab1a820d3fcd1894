"""The generated client and the pipeline that produces it (tools/codegen)."""

from __future__ import annotations

import copy
import datetime
import importlib
import importlib.util
import inspect
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from codegen import completeness, paths, prepare, run

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "not-a-real-token"

OPERATIONS = {
    "CreateMessage": "sendwire_api.api.messages.create_message",
    "ListMessage": "sendwire_api.api.messages.list_message",
    "FetchMessage": "sendwire_api.api.messages.fetch_message",
    "UpdateMessage": "sendwire_api.api.messages.update_message",
    "DeleteMessage": "sendwire_api.api.messages.delete_message",
    "ListMedia": "sendwire_api.api.media.list_media",
    "FetchMedia": "sendwire_api.api.media.fetch_media",
    "DeleteMedia": "sendwire_api.api.media.delete_media",
    "CreateMessageFeedback": "sendwire_api.api.feedback.create_message_feedback",
}


@pytest.fixture(scope="module")
def spec() -> prepare.Spec:
    return prepare.load_spec(paths.SPEC)


def test_every_operation_has_sync_and_async_functions(spec: prepare.Spec) -> None:
    in_spec = {op["operationId"] for _, _, op, _ in prepare.operations(spec)}
    assert in_spec == set(OPERATIONS)
    for module_name in OPERATIONS.values():
        module = importlib.import_module(module_name)
        assert inspect.iscoroutinefunction(module.asyncio_detailed), module_name
        assert callable(module.sync_detailed), module_name


def test_list_call_takes_distinct_date_filters() -> None:
    from sendwire_api.api.messages import list_message

    parameters = inspect.signature(list_message.sync_detailed).parameters
    assert {"date_sent", "date_sent_before", "date_sent_after"} <= set(parameters)
    assert next(iter(parameters)) == "account_sid"


class _Recorder(BaseHTTPRequestHandler):
    """Answers every GET with an empty message page and remembers the raw request line."""

    seen: list[tuple[str, str | None]]

    def do_GET(self) -> None:
        self.seen.append((self.requestline, self.headers.get("Authorization")))
        page = {
            "end": 0,
            "first_page_uri": self.path,
            "next_page_uri": None,
            "page": 0,
            "page_size": 50,
            "previous_page_uri": None,
            "start": 0,
            "uri": self.path,
            "messages": [],
        }
        body = json.dumps(page).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    seen: list[tuple[str, str | None]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_list_call_sends_the_wire_names_of_the_date_filters(
    recording_server: tuple[str, list[tuple[str, str | None]]],
) -> None:
    from sendwire_api.api.messages import list_message
    from sendwire_api.client import Client
    from sendwire_api.models import MessageList

    base_url, seen = recording_server
    client = Client(base_url=base_url, httpx_args={"auth": (ACCOUNT_SID, AUTH_TOKEN)})
    with client:
        response = list_message.sync_detailed(
            ACCOUNT_SID,
            client=client,
            date_sent=datetime.date(2009, 7, 6),
            date_sent_before=datetime.date(2009, 7, 31),
            date_sent_after="2009-07-01",
            page_size=2,
        )

    assert response.status_code == 200
    assert isinstance(response.parsed, MessageList)
    assert response.parsed.messages == []

    [(request_line, authorization)] = seen
    method, target, _ = request_line.split(" ")
    path, query = urlsplit(target).path, urlsplit(target).query
    assert method == "GET"
    assert path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert "DateSent%3C=" in query
    assert "DateSent%3E=" in query
    assert parse_qs(query, strict_parsing=True) == {
        "DateSent": ["2009-07-06"],
        "DateSent<": ["2009-07-31"],
        "DateSent>": ["2009-07-01"],
        "PageSize": ["2"],
    }
    assert authorization is not None and authorization.startswith("Basic ")


def test_committed_package_holds_the_whole_spec(spec: prepare.Spec) -> None:
    assert completeness.find_problems(spec, paths.OUTPUT) == []


def test_checks_report_an_operation_the_package_lacks(spec: prepare.Spec) -> None:
    broken = copy.deepcopy(spec)
    messages = broken["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]
    broken["paths"]["/2010-04-01/Accounts/{AccountSid}/Archive.json"] = {
        "get": {**messages["get"], "operationId": "ListArchivedMessage"}
    }
    problems = completeness.find_problems(broken, paths.OUTPUT)
    assert len(problems) == 1
    assert "ListArchivedMessage" in problems[0]
    assert "no module" in problems[0]


def test_checks_report_a_dropped_module(spec: prepare.Spec, tmp_path: Path) -> None:
    package = tmp_path / "sendwire_api"
    shutil.copytree(paths.OUTPUT, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "api" / "messages" / "list_message.py").unlink()
    problems = completeness.find_problems(spec, package)
    assert [p for p in problems if p.startswith("ListMessage ")] == problems
    assert len(problems) == 1


def test_checks_report_a_query_parameter_not_sent(spec: prepare.Spec) -> None:
    broken = copy.deepcopy(spec)
    operation = broken["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    operation["parameters"].append({"name": "Status", "in": "query", "schema": {"type": "string"}})
    problems = completeness.find_problems(broken, paths.OUTPUT)
    where = "ListMessage (GET /2010-04-01/Accounts/{AccountSid}/Messages.json)"
    assert problems == [f"{where}: query parameter 'Status' is not sent under its wire name"]


def test_checks_report_a_missing_model_property_and_schema(spec: prepare.Spec) -> None:
    broken = copy.deepcopy(spec)
    schemas = broken["components"]["schemas"]
    schemas["Message"]["properties"]["tags"] = {"type": "array", "items": {"type": "string"}}
    schemas["Account"] = {"type": "object", "properties": {"sid": {"type": "string"}}}
    schemas["MessageStatus"]["enum"].append("archived")
    problems = completeness.find_problems(broken, paths.OUTPUT)
    assert sorted(problems) == [
        "schema Account: no class Account was generated",
        "schema Message: property 'tags' is missing from Message",
        "schema MessageStatus: value 'archived' is missing from MessageStatus",
    ]


def test_checks_report_python_311_imports(tmp_path: Path) -> None:
    package = tmp_path / "sendwire_api"
    shutil.copytree(paths.OUTPUT, package, ignore=shutil.ignore_patterns("__pycache__"))
    enum_module = package / "models" / "message_status.py"
    enum_module.write_text(
        enum_module.read_text().replace("from enum import Enum", "from enum import Enum, StrEnum")
    )
    problems = completeness.python310_problems(package)
    assert problems == ["models/message_status.py: imports enum ['StrEnum'] (3.11+)"]


def test_preparation_aliases_symbols_and_keeps_the_spec(spec: prepare.Spec) -> None:
    original = copy.deepcopy(spec)
    prepared = prepare.prepare(spec)
    assert spec == original
    assert prepared.renames == (
        prepare.Rename(alias="DateSentAfter", wire_name="DateSent>"),
        prepare.Rename(alias="DateSentBefore", wire_name="DateSent<"),
    )
    listed = prepared.spec["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    names = [param.get("name") for param in listed["parameters"]]
    assert names[:5] == ["To", "From", "DateSent", "DateSentBefore", "DateSentAfter"]


def _spec_with_query_parameters(*names: str) -> prepare.Spec:
    parameters = [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]
    operation = {"operationId": "ListThing", "parameters": parameters, "responses": {}}
    return {"openapi": "3.0.3", "paths": {"/things": {"get": operation}}}


def test_preparation_refuses_a_symbol_without_a_word() -> None:
    with pytest.raises(prepare.PreparationError, match="'!'"):
        prepare.prepare(_spec_with_query_parameters("Status!"))


def test_preparation_refuses_names_that_still_collide() -> None:
    with pytest.raises(prepare.PreparationError, match="ListThing.*'DateSent'.*'date_sent'"):
        prepare.prepare(_spec_with_query_parameters("DateSent", "date_sent"))


def test_generator_warnings_fail_the_run(tmp_path: Path) -> None:
    package = tmp_path / "sendwire_api"
    clean = f"Generating {package}\n"
    assert run.output_problems(clean, package) == []
    warned = clean + "Warning(s) encountered while generating.\nruff is not in PATH\n"
    [problem] = run.output_problems(warned, package)
    assert "ruff is not in PATH" in problem


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("openapi_python_client") is None,
    reason="the generator needs Python >= 3.11",
)
def test_pipeline_fails_when_the_generator_drops_the_list_operation(tmp_path: Path) -> None:
    with pytest.raises(run.PipelineError) as failure:
        run.build(paths.SPEC, tmp_path, with_preparation=False)
    report = str(failure.value)
    assert "Parameters with same Python identifier" in report
    assert "ListMessage (GET /2010-04-01/Accounts/{AccountSid}/Messages.json): no module" in report
