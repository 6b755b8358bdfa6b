"""The analyse stage of the vpcdocs pipeline (design.md): from a loaded `Topology` to one
`Analysis` (`vpcdocs.analysis.analysis`): every flow's path (`paths`), its price and the design's
cost (`pricing`), the findings as located diagnostics, and the cross-references pages need.

Named `analysis` rather than `analyse` so that the public function `vpcdocs.analyse` and this
package do not share an attribute of `vpcdocs` (importing a subpackage sets that attribute).
"""
