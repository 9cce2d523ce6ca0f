"""Run inside ``python -I -S`` of the runtime's minor version, like a Lambda cold start with only the artifact and
the runtime's SDK on sys.path. Standard library only.

``child.py ARTIFACT SDK HANDLER REQUEST.json RESULT.json``: REQUEST holds ``{"events": [...], "timeout_seconds": N}``;
``also_import`` lists more modules to import after the handler (the extension modules its code discovers at run
time). RESULT gets the import time, each call's answer and time, the top-level modules loaded, and any module loaded
from outside the artifact, the SDK directory and the standard library.
"""

import importlib
import json
import sys
import sysconfig
import time

started = time.perf_counter()
artifact, sdk, handler_name, request_path, result_path = sys.argv[1:6]
sys.path[:0] = [artifact, sdk]


with open(request_path) as f:
    request = json.load(f)


class Context:
    """The parts of the Lambda context the handlers read; the time left is the function's Timeout."""

    function_name = "artifact-test"
    aws_request_id = "00000000-0000-0000-0000-000000000000"

    def __init__(self) -> None:
        self.deadline = time.monotonic() + request["timeout_seconds"]

    def get_remaining_time_in_millis(self) -> int:
        return int((self.deadline - time.monotonic()) * 1000)


module_name, _, attribute = handler_name.rpartition(".")
handler = getattr(importlib.import_module(module_name), attribute)
imported = time.perf_counter()
for extra in request.get("also_import", []):  # modules loaded later by discovery (controls, formats, exports)
    importlib.import_module(extra)
events = request["events"]
calls = []
for event in events:
    t0 = time.perf_counter()
    answer = handler(event, Context())
    calls.append({"answer": answer, "seconds": time.perf_counter() - t0})
allowed = (artifact, sdk, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
files = {name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())}
outside = sorted(name for name, path in files.items()
                 if name not in ("__main__", "__mp_main__") and isinstance(path, str) and not path.startswith(allowed))
with open(result_path, "w") as f:
    json.dump({
        "import_seconds": imported - started,
        "calls": calls,
        "modules": sorted({name.split(".")[0] for name in sys.modules}),
        "outside": outside,
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
    }, f, default=str)
