"""Validates lab files against docs/lab.schema.json, as an editor's
yaml-language-server would: /usr/bin/python3 validate.py SCHEMA LAB.yaml...
Prints FILE: PATH: MESSAGE per problem; exits 1 when there is one."""
import json
import sys

import jsonschema
import yaml

validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1], encoding="utf-8")))
problems = 0
for name in sys.argv[2:]:
    for error in validator.iter_errors(yaml.safe_load(open(name, encoding="utf-8"))):
        problems += 1
        print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
sys.exit(1 if problems else 0)
