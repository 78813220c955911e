"""cityorder — «Городской заказ»: one long-term city order built from the demand of city bodies."""

__version__ = "0.1.0"
