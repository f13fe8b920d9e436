"""The knowledge graph of medical-imaging research.

Data flows one way: ``loaders`` read listings into :class:`kg.model.Paper` records,
:mod:`kg.extract` finds entities with their evidence, :mod:`kg.graph` turns the result into a
:class:`kg.model.GraphDocument`, and a :class:`kg.store.GraphStore` keeps it for Cypher queries.
"""

__version__ = "0.1.0"
