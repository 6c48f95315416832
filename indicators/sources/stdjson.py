"""Every answer is parsed by the standard library's JSON reader.

requests switches to simplejson when that package is installed (kaleido, which `claimcheck
publish` uses for its images, brings it in), and simplejson refuses the NaN and Infinity a
publisher may send, failing a whole response where the adapters reject just those rows
(tests/test_non_finite.py). Each module that imports requests imports this one first, so the
commands that never touch the network (`status`, `check`) do not load requests at all.
"""

import json as _json

import requests.models as _requests_models

_requests_models.complexjson = _json
_requests_models.JSONDecodeError = _json.JSONDecodeError
