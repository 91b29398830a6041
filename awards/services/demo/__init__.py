from awards.services.demo.seeding import demo_awards_seed

__all__ = ["demo_awards_seed"]
