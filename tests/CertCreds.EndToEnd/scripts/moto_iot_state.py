"""Prints the IoT and IAM state of a moto account as JSON, for the provisioning end-to-end tests.

Usage: moto_iot_state.py ENDPOINT [ACTION ARGS...]. With an action it changes the account first:
  drift-alias ALIAS SECONDS    set a role alias's credential duration (a hand edit in the console)
  alias-to ALIAS ROLE_ARN      create a role alias pointing at another role
  limited-user NAME            create an IAM user without permissions; prints its key instead of the state
  auth-on                      turn on moto's request signature and permission checks
"""
import json
import sys
import urllib.parse
import urllib.request

import boto3

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="state-reader", region_name="us-east-1")
iot = session.client("iot", endpoint_url=endpoint)
iam = session.client("iam", endpoint_url=endpoint)

action = sys.argv[2] if len(sys.argv) > 2 else None
if action == "drift-alias":
    iot.update_role_alias(roleAlias=sys.argv[3], credentialDurationSeconds=int(sys.argv[4]))
elif action == "alias-to":
    iot.create_role_alias(roleAlias=sys.argv[3], roleArn=sys.argv[4], credentialDurationSeconds=3600)
elif action == "limited-user":
    iam.create_user(UserName=sys.argv[3])
    key = iam.create_access_key(UserName=sys.argv[3])["AccessKey"]
    print(json.dumps({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}))
    sys.exit(0)
elif action == "auth-on":
    request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request).read()
    sys.exit(0)


def decode(document):
    return json.loads(urllib.parse.unquote(document) if isinstance(document, str) else json.dumps(document))


state = {"roles": {}, "aliases": {}, "policies": {}, "things": {}, "certificates": {}}
for role in iam.list_roles()["Roles"]:
    name = role["RoleName"]
    full = iam.get_role(RoleName=name)["Role"]
    attached = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]]
    state["roles"][name] = {"arn": full["Arn"], "trust": decode(full["AssumeRolePolicyDocument"]), "maxSession": full.get("MaxSessionDuration", 3600), "attached": attached}
for alias in iot.list_role_aliases()["roleAliases"]:
    d = iot.describe_role_alias(roleAlias=alias)["roleAliasDescription"]
    state["aliases"][alias] = {"arn": d["roleAliasArn"], "roleArn": d["roleArn"], "duration": d["credentialDurationSeconds"]}
for policy in iot.list_policies()["policies"]:
    p = iot.get_policy(policyName=policy["policyName"])
    state["policies"][policy["policyName"]] = json.loads(p["policyDocument"])
for thing in iot.list_things()["things"]:
    name = thing["thingName"]
    groups = [g["groupName"] for g in iot.list_thing_groups_for_thing(thingName=name)["thingGroups"]]
    state["things"][name] = {"principals": iot.list_thing_principals(thingName=name)["principals"], "groups": groups}
for certificate in iot.list_certificates()["certificates"]:
    arn = certificate["certificateArn"]
    policies = [p["policyName"] for p in iot.list_attached_policies(target=arn)["policies"]]
    pem = iot.describe_certificate(certificateId=certificate["certificateId"])["certificateDescription"]["certificatePem"]
    state["certificates"][certificate["certificateId"]] = {"arn": arn, "status": certificate["status"], "policies": policies, "pem": pem}
print(json.dumps(state))
