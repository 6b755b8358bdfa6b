"""Import stage: real infrastructure -> topology YAML (beside `load`, before everything else).

One module per source reads its input into an `estate.Estate` (AWS objects by key):
`terraform` (plans, states, raw state v4), `snapshot` (saved `aws ec2 describe-*` responses),
`aws` (live, read-only: fetches a snapshot for `snapshot` to map) and `cloudformation`
(templates, with `cfn_eval` for the intrinsic functions). `design` maps an estate to the topology
format's objects and `emit` writes them as YAML, new or merged into a user's file (`--into`).
This stage knows nothing of the later ones (analyse, render, write): it returns bytes, and the
command writes them through `vpcdocs.write`.
"""
