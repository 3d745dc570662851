"""Economic indicators from Chinese news pages, work reports and statistical bulletins."""
__version__ = "0.1.0"
