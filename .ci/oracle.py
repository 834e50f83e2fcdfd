"""Compares openapi-spec-validator's verdict with the generator's diagnostics (see oracle-check).

Each document `X.json`/`X.yaml` has the generator's output beside it in `X.out`. A document the
validator rejects whose `X.out` holds no `warning:` or `error:` is a miss: printed, and the run
fails. Documents the validator cannot read at all (not YAML or JSON) count as rejected too.
"""
import json
import pathlib
import sys

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename  # noqa: F401 (a check it is installed)


def load(path):
    text = path.read_text()
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def main(dirs):
    rejected = accepted = misses = 0
    for d in dirs:
        for path in sorted(pathlib.Path(d).iterdir()):
            if path.suffix not in (".json", ".yaml"):
                continue
            said = path.with_suffix(".out").read_text() if path.with_suffix(".out").exists() else ""
            spoke = "warning:" in said or "error:" in said
            try:
                validate(load(path))
                accepted += 1
                continue
            except Exception as e:  # noqa: BLE001 (any rejection counts)
                rejected += 1
                reason = (str(e).splitlines() or [type(e).__name__])[0][:160]
            if not spoke:
                misses += 1
                print(f"MISS {path.name}: the validator says: {reason}")
    print(f"oracle: {accepted} accepted, {rejected} rejected by openapi-spec-validator; "
          f"{misses} rejected without a diagnostic from the generator")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
