"""Wilson score confidence intervals for the percentages reports print (issue 15).

Wilson's interval stays inside 0-100% and behaves at small n and at 0 or n of n, where the normal
approximation gives impossible or zero-width intervals; the paper's groups are 7 to 17 people.
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054
"""The two-sided 95% normal quantile."""


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """(low, high) of the Wilson score interval for k successes in n, as percentages with one
    decimal; (0.0, 0.0) when n is 0."""
    if n <= 0:
        return 0.0, 0.0
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return round(100 * max(0.0, centre - half), 1), round(100 * min(1.0, centre + half), 1)


def ci_text(k: int, n: int) -> str:
    """'95% CI 12.3-45.6' for a summary sentence or table cell."""
    low, high = wilson(k, n)
    return f"95% CI {low:.1f}-{high:.1f}"
