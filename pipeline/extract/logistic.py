"""The logistic models shipped in dictionaries/extraction/ (obligation classifier, deadline
selector): `{"bias": b, "weights": {feature: w}}`, fitted by `make train`."""

from __future__ import annotations

import math
from typing import Any


def probability(features: dict[str, float], model: dict[str, Any]) -> float:
    """The model's probability for a candidate with these features (unknown features weigh 0)."""
    weights = model["weights"]
    z = model["bias"] + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
