"""A Kubernetes API server that only answers discovery, for
`kubectl apply --dry-run=client` in the tests: it lists the kinds the shipped
manifests use (Job, PersistentVolumeClaim, ConfigMap, Pod) and answers 404
for every object, so kubectl maps each document to a real resource and
reports it as created without a cluster. Usage: api_stub.py PORT_FILE
(the port it listens on is written there)."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"]


def resource_list(group_version, kinds):
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
            "resources": [{"name": plural, "singularName": kind.lower(), "namespaced": True,
                           "kind": kind, "verbs": VERBS} for plural, kind in kinds]}


ANSWERS = {
    "/version": {"major": "1", "minor": "30", "gitVersion": "v1.30.0"},
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": "batch", "versions": [{"groupVersion": "batch/v1", "version": "v1"}],
         "preferredVersion": {"groupVersion": "batch/v1", "version": "v1"}}]},
    "/api/v1": resource_list("v1", [("persistentvolumeclaims", "PersistentVolumeClaim"),
                                    ("configmaps", "ConfigMap"), ("pods", "Pod")]),
    "/apis/batch/v1": resource_list("batch/v1", [("jobs", "Job")]),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        answer = ANSWERS.get(self.path.split("?")[0])
        if answer is None:
            answer = {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}
        body = json.dumps(answer).encode()
        self.send_response(200 if answer.get("code") != 404 else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as port_file:
    port_file.write(str(server.server_address[1]))
server.serve_forever()
