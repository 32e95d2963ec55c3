"""Prepares a moto server for the end-to-end tests, the way the seed article prepares AWS.

Creates the IAM role the IoT role alias points at (trusting credentials.iot.amazonaws.com and an
"emulator" IAM user that stands in for the IoT service), the role the emulator's Roles Anywhere profile
names (trusting rolesanywhere.amazonaws.com and the same user), a user with an access key and permission
to assume the roles, then turns on moto's request signing checks. Prints the user's key as JSON on stdout.
"""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]
role_name = sys.argv[2] if len(sys.argv) > 2 else "iot-roles-anywhere-role"
account = "123456789012"

session = boto3.session.Session(aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap", region_name="us-east-1")
iam = session.client("iam", endpoint_url=endpoint)

iam.create_user(UserName="iot-credentials-emulator")
key = iam.create_access_key(UserName="iot-credentials-emulator")["AccessKey"]
iam.put_user_policy(
    UserName="iot-credentials-emulator",
    PolicyName="assume-device-role",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}),
)
# One statement with both principals: moto 5.x crashes on a statement whose Principal has no "AWS" key.
trust = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "credentials.iot.amazonaws.com", "AWS": f"arn:aws:iam::{account}:user/iot-credentials-emulator"},
            "Action": "sts:AssumeRole",
        },
    ],
}
read_only = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "s3:ListAllMyBuckets"], "Resource": "*"}]})
iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=43200)
iam.put_role_policy(RoleName=role_name, PolicyName="read-only-demo", PolicyDocument=read_only)

# The emulator's seeded Roles Anywhere profile names this role (arn:aws:iam::123456789012:role/roles-anywhere-role).
roles_anywhere_trust = json.loads(json.dumps(trust))
roles_anywhere_trust["Statement"][0]["Principal"]["Service"] = "rolesanywhere.amazonaws.com"
roles_anywhere_trust["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
iam.create_role(RoleName="roles-anywhere-role", AssumeRolePolicyDocument=json.dumps(roles_anywhere_trust), MaxSessionDuration=43200)
iam.put_role_policy(RoleName="roles-anywhere-role", PolicyName="read-only-demo", PolicyDocument=read_only)

# From here on every request must be signed by a known identity.
request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})
urllib.request.urlopen(request).read()

print(json.dumps({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}))
