"""Custom auth for the sample deployment (langgraph.auth.json), standing in for a LangSmith
deployment that demands a key: only requests carrying LANGGRAPH_SAMPLE_API_KEY as `x-api-key`
(or as `Authorization: Bearer …`) get in. LANGGRAPH_SAMPLE_EXPIRED_KEY, when set, names a key
that is refused as expired (401) rather than wrong (403)."""

import os

from langgraph_sdk import Auth

auth = Auth()


@auth.authenticate
async def authenticate(headers: dict) -> Auth.types.MinimalUserDict:
    expected = os.environ.get("LANGGRAPH_SAMPLE_API_KEY")
    if not expected:
        raise Auth.exceptions.HTTPException(status_code=500, detail="LANGGRAPH_SAMPLE_API_KEY is not set on the server")
    authorization = (headers.get(b"authorization") or b"").decode()
    bearer = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
    given = (headers.get(b"x-api-key") or b"").decode() or bearer
    if not given:
        raise Auth.exceptions.HTTPException(status_code=401, detail="Missing API key: send it as x-api-key")
    if given == os.environ.get("LANGGRAPH_SAMPLE_EXPIRED_KEY"):
        raise Auth.exceptions.HTTPException(status_code=401, detail="API key expired")
    if given != expected:
        raise Auth.exceptions.HTTPException(status_code=403, detail="Invalid API key")
    return {"identity": "sample-user"}
