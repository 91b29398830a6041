from celery import shared_task

from forum import jobs


# The job row holds its progress and result: nothing goes to Celery's result backend (which
# would make starting a job wait on Redis for a result nobody reads).
@shared_task(name=jobs.RUN_TASK, ignore_result=True)
def job_run(*, job_id: str) -> None:
    jobs.job_run(job_id=job_id)


@shared_task(name="forum.jobs_sweep", ignore_result=True)
def jobs_sweep() -> int:
    return jobs.jobs_sweep()
