// Prints the caller's ARN using the SDK's default credential chain (container endpoint or IMDS, from the
// environment the test sets); the STS endpoint URL is the first argument.
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const client = new STSClient({ region: "us-east-1", endpoint: process.argv[2] });
const identity = await client.send(new GetCallerIdentityCommand({}));
console.log(identity.Arn);
