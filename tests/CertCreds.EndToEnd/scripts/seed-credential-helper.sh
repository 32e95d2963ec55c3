#!/bin/sh
# The seed article's credential-helper.sh, unchanged but for its variables, which the fidelity test sets
# (ENDPOINT, ROLE_ALIAS_NAME, CERT_PATH, PRIVATE_KEY_PATH, THING_NAME, CA_CERT_PATH).
curl \
--cert ${CERT_PATH} \
--key ${PRIVATE_KEY_PATH} \
-H "x-amzn-iot-thingname: ${THING_NAME}" \
--cacert ${CA_CERT_PATH} \
https://${ENDPOINT}/role-aliases/${ROLE_ALIAS_NAME}/credentials \
| jq '.credentials | {"Version":1, "AccessKeyId":.accessKeyId, "SecretAccessKey":.secretAccessKey, "SessionToken":.sessionToken, "Expiration":.expiration}'
