// Command sts-caller-identity prints the caller's ARN using the AWS SDK for Go v2's default credential chain
// (credential_process, the credentials file, the container endpoint or IMDS, from the environment the test sets).
// The STS endpoint URL is the first argument. Built offline from Debian's packaged SDK sources in GOPATH mode.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sts-caller-identity STS-ENDPOINT-URL")
		os.Exit(2)
	}

	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "loading the SDK configuration failed:", err)
		os.Exit(1)
	}

	endpoint := os.Args[1]
	client := sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.EndpointResolver = sts.EndpointResolverFromURL(endpoint)
	})
	identity, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "GetCallerIdentity failed:", err)
		os.Exit(1)
	}

	fmt.Println(aws.ToString(identity.Arn))
}
