from django import template

from forum import jobs

register = template.Library()


@register.inclusion_tag("forum/_job_progress.html")
def job_progress(job):
    """{% job_progress job %}: the one progress partial for every long job."""
    return jobs.job_display(job)
