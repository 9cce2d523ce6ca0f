"""The two Connect recording operations moto lacks, as a tiny REST-JSON endpoint for the local stack.

``POST /contact/suspend-recording`` and ``POST /contact/resume-recording`` (the paths, members and error shape of
the botocore ``connect`` model), so the IVR's real boto3 client reaches it through ``AWS_ENDPOINT_URL_CONNECT``.
The flow runner shares ``control`` (``ivr.local.connect.recording.RecordingControl``): a suspended span of its
recording is silence, as Connect documents, and a card prompt while a recording is live fails the call.
``fail_suspend`` makes the next suspensions fail (500 ``InternalServiceException``). ``GET
/instance/{InstanceId}/security-keys`` (``ListSecurityKeys``) lists ``security_keys``; ``GET
/contact/attributes/{InstanceId}/{InitialContactId}`` (``GetContactAttributes``) answers the attributes of a contact
the flow runner ended (404 ``ResourceNotFoundException`` for any other).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ivr.local.connect.recording import RecordingControl

_OPS = {"/contact/suspend-recording": "suspend", "/contact/resume-recording": "resume"}
_TYPES = ("IVR", "AGENT", "SCREEN")


class ConnectRecordingEmulator:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._suspended: dict[str, set[str]] = {}
        self.calls: list[tuple[str, str, str]] = []  # (operation, contact id, recording type)
        self.fail_suspend = 0
        self.security_keys: list[dict[str, str]] = []  # ListSecurityKeys: AssociationId and Key (PEM)
        self.control = RecordingControl()  # shared with the flow runner: what is recording, what is suspended
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ConnectRecordingEmulator:
        self._thread = threading.Thread(target=self._server.serve_forever, name="connect-recording", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def suspended(self, contact_id: str, kind: str = "IVR") -> bool:
        with self._lock:
            return kind in self._suspended.get(contact_id, set())

    def handle(self, path: str, body: bytes) -> tuple[int, dict[str, Any], str]:
        """(status, body, error type) for one request."""
        op = _OPS.get(path)
        if op is None:
            return 404, {"message": f"no operation at {path}"}, "ResourceNotFoundException"
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return 400, {"message": "expected a JSON body"}, "InvalidRequestException"
        missing = [m for m in ("InstanceId", "ContactId", "InitialContactId") if not request.get(m)]
        kind = str(request.get("ContactRecordingType") or "IVR")
        if missing or kind not in _TYPES:
            expected = ", ".join(missing) or "ContactRecordingType"
            return 400, {"message": f"expected {expected}"}, "InvalidRequestException"
        contact = str(request["ContactId"])
        with self._lock:
            self.calls.append((op, contact, kind))
            if op == "suspend" and self.fail_suspend > 0:
                self.fail_suspend -= 1
                return 500, {"message": "injected fault"}, "InternalServiceException"
            held = self._suspended.setdefault(contact, set())
            if op == "suspend":
                held.add(kind)
            else:
                held.discard(kind)
        if self.control.state(contact) is not None:  # a contact the flow runner is playing: its recording pauses
            getattr(self.control, op)(contact, kind)
        return 200, {}, ""


def _handler(emulator: ConnectRecordingEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, body, error = emulator.handle(self.path.split("?", 1)[0], self.rfile.read(length))
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if error:
                self.send_header("x-amzn-ErrorType", error)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            answer: dict[str, Any] | None = None
            if path.startswith("/instance/") and path.endswith("/security-keys"):
                answer = {"SecurityKeys": emulator.security_keys}
            elif path.startswith("/contact/attributes/") and path.count("/") == 4:
                found = emulator.control.attributes(path.rsplit("/", 1)[1])
                answer = {"Attributes": found} if found is not None else None
            ok = answer is not None
            payload = json.dumps(answer if ok else {"message": "not found"}).encode()
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if not ok:
                self.send_header("x-amzn-ErrorType", "ResourceNotFoundException")
            self.end_headers()
            self.wfile.write(payload)

    return Handler
