from celery import shared_task
from django.conf import settings

from mail import services
from mail.errors import TransientMailError

# A send never outlives its claim: the soft limit ends it as a transient failure, the hard one
# ends the process, before the lease lapses and the sweep hands the email to another worker.
LEASE = settings.MAIL_LEASE_SECONDS


@shared_task(
    bind=True,
    name=services.SEND_TASK,
    ignore_result=True,
    soft_time_limit=LEASE * 0.8,
    time_limit=LEASE * 0.9,
)
def email_send(self, *, email_id: int) -> None:
    retry_now = False
    while True:
        try:
            services.email_deliver(email_id=email_id, ignore_schedule=retry_now)
            return
        except TransientMailError:
            if not self.request.is_eager:
                return  # the row knows when it is due again; the workers' sweep hands it over
            # Inline (no broker, so no worker and no sweep): try again at once until the email
            # is sent or has failed for good.
            retry_now = True


@shared_task(name="mail.outbox_flush", ignore_result=True)
def outbox_flush() -> int:
    return services.outbox_flush()
