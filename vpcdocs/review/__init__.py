"""Design review and docs upkeep: what a change does (`diff`), the summary block that
`vpcdocs inject` keeps current in a README, and the pre-commit hooks that run them.

    side = analyse_side(topology)              # diff: analysis + prices of one version
    change = diff_designs(old_side, new_side)  # TopologyDiff: resources, flows, cost
    diff_render.markdown(change) / diff_render.json_text(change)
    summary.summary_markdown(side, ...)        # the block between the inject markers

Modules here import only the analysis and render stages, never the other way round.
"""
