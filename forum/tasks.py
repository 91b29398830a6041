from celery import shared_task

from forum import jobs


@shared_task(name=jobs.RUN_TASK)
def job_run(*, job_id: str) -> None:
    jobs.job_run(job_id=job_id)
