# Prints the caller's ARN using the AWS SDK for Ruby's default credential chain (credential_process, the
# credentials file, the container endpoint or IMDS, from the environment the test sets); the STS endpoint URL is
# the first argument. Run with Debian's ruby and ruby-aws-sdk-core (Aws::STS ships inside aws-sdk-core).
require 'aws-sdk-core'

abort 'usage: sts_caller_identity.rb STS-ENDPOINT-URL' unless ARGV.length == 1

client = Aws::STS::Client.new(region: 'us-east-1', endpoint: ARGV[0])
puts client.get_caller_identity.arn
