"""Krippendorff's alpha, nominal, for binary units (coded / not coded) and any number of coders.

Every coder gives every unit a value (1 coded, 0 not), so all ``N`` units are pairable and
``n = m·N`` values are paired (``m`` coders). With ``kᵤ`` coders coding unit ``u``, the
coincidence matrix is ``o₁₀ = o₀₁ = Σᵤ kᵤ(m − kᵤ)/(m − 1)``, the value totals are
``n₁ = Σᵤ kᵤ`` and ``n₀ = n − n₁``, and

    alpha = 1 − D_o / D_e = 1 − (n − 1) · Σᵤ kᵤ(m − kᵤ) / ((m − 1) · n₀ · n₁)

with ``Σᵤ kᵤ(m − kᵤ) = m·Σᵤ kᵤ − Σᵤ kᵤ²``. Both sums come from interval lengths: ``Σᵤ kᵤ``
is the sum of each coder's coded units, ``Σᵤ kᵤ² = Σᵤ kᵤ + 2·Σᵢ<ⱼ |Uᵢ ∩ Uⱼ|`` (each unit
counted once per ordered pair of coders who both coded it). Pooling sums them over
documents (and codes), so pooled alpha treats the units of all its rows as one set.

When every value is the same (``n₀·n₁ = 0``: no variation, nothing to disagree on) alpha is
1.0; with no units it is undefined (None).
"""

from __future__ import annotations


def alpha(coders: int, units: int, coded: int, coded_pairs: int) -> float | None:
    """Alpha from ``units`` (N), ``coded`` (Σᵤ kᵤ) and ``coded_pairs`` (Σᵢ<ⱼ |Uᵢ ∩ Uⱼ|)."""
    if units <= 0:
        return None
    values = coders * units
    ones = coded
    zeros = values - ones
    if ones == 0 or zeros == 0:
        return 1.0
    squares = coded + 2 * coded_pairs
    disagreement = coders * coded - squares  # Σᵤ kᵤ(m − kᵤ)
    return 1.0 - (values - 1) * disagreement / ((coders - 1) * zeros * ones)
