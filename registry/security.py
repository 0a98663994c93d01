"""Sign-in records: django-axes logs failed attempts and lockouts (logger `axes`); this logs the
successful ones, so that both sides of a sign-in show in the operator's logs."""

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render

from registry.middleware import client_ip

logger = logging.getLogger("registry.auth")


@receiver(user_logged_in)
def log_successful_login(sender, request, user, **kwargs):
    logger.info(
        "Login succeeded: user %r from %s",
        user.get_username(),
        (client_ip(request) if request else "") or "-",
    )


def lockout_response(request, original_response=None, credentials=None):
    """The admin sign-in page's answer while axes keeps a user name or address locked: 429,
    saying for how long, with Retry-After."""
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": "Sign-in locked",
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
