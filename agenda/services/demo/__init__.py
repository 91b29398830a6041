from agenda.services.demo.seed import demo_agenda_seed

__all__ = ["demo_agenda_seed"]
