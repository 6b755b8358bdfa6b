"""Design review and docs upkeep: what a change does (`diff`), the summary block that
`vpcdocs inject` keeps current in a README, and what the pre-commit docs hook does (`hook`:
writing the docs and refreshing the summaries; its command layer is `vpcdocs.commands.hook`).

    change = diff_designs(old, new, old_name=..., new_name=...)  # two Analysis -> TopologyDiff
    diff_render.markdown(change) / diff_render.json_text(change)
    summary.summary_markdown(analysis, ...)    # the block between the inject markers

Modules here import only the stages before them (analysis, render, the writer), never the other
way round, and none of them parses options or prints: the commands do.
"""
