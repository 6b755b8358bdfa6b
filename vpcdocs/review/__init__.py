"""Design review and docs upkeep: what a change does (`diff`), the summary block that
`vpcdocs inject` keeps current in a README, and the pre-commit hooks that run them.

    change = diff_designs(old, new, old_name=..., new_name=...)  # two Analysis -> TopologyDiff
    diff_render.markdown(change) / diff_render.json_text(change)
    summary.summary_markdown(analysis, ...)    # the block between the inject markers

Modules here import only the analysis and render stages, never the other way round.
"""
