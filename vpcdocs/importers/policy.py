"""An endpoint policy document (IAM JSON) as the topology format's small form, when it is one.

topology-format-hybrid.md, "Endpoint policies": the format holds one Allow statement for all
actions, Principal `*`, the listed resources, restricted to accounts (`aws:PrincipalAccount`) or
role/user ARNs (`aws:PrincipalArn`). AWS's default endpoint policy (Allow, Principal `*`, Action
`*`, Resource `*`; PrivateLink guide, "Control access to VPC endpoints using endpoint policies")
is the format's absent `policy`. Any other document (a Deny, a list of actions, another
condition, several statements) cannot be written in the small form: the importer leaves the
policy out (the analysis then assumes full access) and says so in the summary.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vpcdocs.loader.schema import ARN_PATTERN_RE

_ACCOUNT = re.compile(r"^\d{12}$")
_ROLE_USER = re.compile(r"^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:(user|role)/[\w+=,.@/-]{1,512}$")
_CONDITION_KEYS = {"aws:principalaccount", "aws:principalarn"}


class NotSmall(Exception):
    """The document is not the small form; the message says why (for the summary)."""


def document(raw: Any) -> Any:
    """The policy as parsed JSON (the APIs return it as a JSON string, templates as objects)."""
    if isinstance(raw, str):
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise NotSmall("the policy document is not JSON") from exc
    return raw


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def small_form(raw: Any) -> dict[str, list[str]] | None:
    """`{principals, resources}` (only the keys that differ from `*`), `None` for full access;
    raises `NotSmall` for a document the small form cannot hold."""
    doc = document(raw)
    if doc == {} or doc == "":
        return None  # no document (Terraform's state holds `{}` when none was set)
    if not isinstance(doc, dict):
        raise NotSmall("the policy document is not a JSON object")
    if not doc.get("Statement"):
        raise NotSmall("it has no statement (IAM then allows nothing)")
    statements = _list(doc.get("Statement"))
    if len(statements) != 1 or not isinstance(statements[0], dict):
        raise NotSmall("it has several statements")
    st = statements[0]
    if st.get("Effect") != "Allow":
        raise NotSmall("its statement is not Allow")
    if "NotAction" in st or "NotResource" in st or "NotPrincipal" in st:
        raise NotSmall("it uses NotAction/NotResource/NotPrincipal")
    if _list(st.get("Action")) != ["*"]:
        raise NotSmall("it allows a list of actions, not all (*)")
    resources = [r for r in _list(st.get("Resource", "*")) if isinstance(r, str)]
    if not resources:
        raise NotSmall("it names no resource")
    for res in resources:
        if res != "*" and not ARN_PATTERN_RE.fullmatch(res):
            raise NotSmall(f"resource {res} is not an ARN pattern the format takes")
    principals = _principals(st.get("Principal", "*"))
    condition = st.get("Condition")
    if condition:
        if principals != ["*"] or not isinstance(condition, dict):
            raise NotSmall("it combines a principal list with a condition")
        principals = _condition(condition)
    out: dict[str, list[str]] = {}
    if principals != ["*"]:
        out["principals"] = principals
    if resources != ["*"] and "*" not in resources:
        out["resources"] = resources
    return out or None


def _principals(value: Any) -> list[str]:
    if value == "*":
        return ["*"]
    if isinstance(value, dict) and set(value) == {"AWS"}:
        items = [str(v) for v in _list(value["AWS"])]
        if "*" in items:
            return ["*"]
        out = []
        for item in items:
            account = re.fullmatch(r"arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):root", item)
            if account:
                out.append(account.group(1))  # the account's root principal is the account
            elif _ACCOUNT.match(item) or _ROLE_USER.match(item):
                out.append(item)
            else:
                raise NotSmall(f"principal {item} is not an account or an IAM role or user")
        return out
    raise NotSmall("its principal is not `*` or a list of AWS principals")


def _condition(condition: dict[str, Any]) -> list[str]:
    if set(condition) != {"StringEquals"} or not isinstance(condition["StringEquals"], dict):
        raise NotSmall("its condition is not StringEquals on aws:PrincipalAccount or "
                       "aws:PrincipalArn")
    body = condition["StringEquals"]
    if len(body) != 1 or next(iter(body)).lower() not in _CONDITION_KEYS:
        raise NotSmall("its condition is not StringEquals on aws:PrincipalAccount or "
                       "aws:PrincipalArn")
    out = [str(v) for v in _list(next(iter(body.values())))]
    for item in out:
        if not (_ACCOUNT.match(item) or _ROLE_USER.match(item)):
            raise NotSmall(f"condition value {item} is not an account or an IAM role or user")
    return out
