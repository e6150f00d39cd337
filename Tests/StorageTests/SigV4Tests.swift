import Foundation
import Storage
import Testing

/// SigV4 against AWS's own published answers, never against itself: the Signature Version 4 test suite
/// (aws-sig-v4-test-suite, 2015-08-30 vectors) and the worked examples of the Amazon S3 API Reference
/// ("Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk" and
/// "Authenticating Requests: Using Query Parameters").
@Suite("SigV4 signing")
struct SigV4Tests {
    /// One case of the test suite: the request as the suite's .req file has it (Host and X-Amz-Date come
    /// from the URL and the clock), and its .creq, .sts and .authz files.
    struct SuiteVector: Sendable, CustomTestStringConvertible {
        let name, method, url: String
        let headers: [(String, String)]
        let body: String
        let canonicalRequest, stringToSign: [String]
        let authorization: String
        var testDescription: String { name }

        init(
            _ name: String, _ method: String, _ url: String, headers: [(String, String)], body: String,
            canonicalRequest: [String], stringToSign: [String], authorization: String
        ) {
            (self.name, self.method, self.url, self.headers, self.body) = (name, method, url, headers, body)
            (self.canonicalRequest, self.stringToSign, self.authorization) = (canonicalRequest, stringToSign, authorization)
        }
    }

    // The suite's post-x-www-form-urlencoded .creq lists a content-length header that its .sts and .authz
    // do not sign; the vector below signs what the .sts and .authz were computed from. The suite's
    // post-x-www-form-urlencoded-parameters is left out: its .sts was computed from another request than its
    // .creq (charset=utf8 and no content-length), so no signer can match all three of its files.
    static let suite: [SuiteVector] = [
        SuiteVector(
            "get-vanilla", "GET", "https://example.amazonaws.com/", headers: [], body: "",
            canonicalRequest: ["GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        SuiteVector(
            "get-vanilla-empty-query-key", "GET", "https://example.amazonaws.com/?Param1=value1", headers: [], body: "",
            canonicalRequest: ["GET", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        SuiteVector(
            "get-vanilla-query-order-key", "GET", "https://example.amazonaws.com/?Param1=value2&Param1=Value1", headers: [], body: "",
            canonicalRequest: ["GET", "/", "Param1=Value1&Param1=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        SuiteVector(
            "get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", headers: [], body: "",
            canonicalRequest: ["GET", "/", "Param1=value1&Param2=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        SuiteVector(
            "get-vanilla-query-order-value", "GET", "https://example.amazonaws.com/?Param1=value2&Param1=value1", headers: [], body: "",
            canonicalRequest: ["GET", "/", "Param1=value1&Param1=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        SuiteVector(
            "get-vanilla-query-unreserved", "GET", "https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", headers: [], body: "",
            canonicalRequest: ["GET", "/", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        SuiteVector(
            "get-vanilla-utf8-query", "GET", "https://example.amazonaws.com/?ሴ=bar", headers: [], body: "",
            canonicalRequest: ["GET", "/", "%E1%88%B4=bar", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        SuiteVector(
            "get-unreserved", "GET", "https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", headers: [], body: "",
            canonicalRequest: ["GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        SuiteVector(
            "get-utf8", "GET", "https://example.amazonaws.com/ሴ", headers: [], body: "",
            canonicalRequest: ["GET", "/%E1%88%B4", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        SuiteVector(
            "get-header-key-duplicate", "GET", "https://example.amazonaws.com/", headers: [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")], body: "",
            canonicalRequest: ["GET", "/", "", "host:example.amazonaws.com", "my-header1:value2,value2,value1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        SuiteVector(
            "get-header-value-order", "GET", "https://example.amazonaws.com/", headers: [("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2")], body: "",
            canonicalRequest: ["GET", "/", "", "host:example.amazonaws.com", "my-header1:value4,value1,value3,value2", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        SuiteVector(
            "get-header-value-trim", "GET", "https://example.amazonaws.com/", headers: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")], body: "",
            canonicalRequest: ["GET", "/", "", "host:example.amazonaws.com", "my-header1:value1", "my-header2:\"a b c\"", "x-amz-date:20150830T123600Z", "", "host;my-header1;my-header2;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        SuiteVector(
            "post-vanilla", "POST", "https://example.amazonaws.com/", headers: [], body: "",
            canonicalRequest: ["POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        SuiteVector(
            "post-vanilla-query", "POST", "https://example.amazonaws.com/?Param1=value1", headers: [], body: "",
            canonicalRequest: ["POST", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        SuiteVector(
            "post-vanilla-empty-query-value", "POST", "https://example.amazonaws.com/?Param1=value1", headers: [], body: "",
            canonicalRequest: ["POST", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        SuiteVector(
            "post-header-key-case", "POST", "https://example.amazonaws.com/", headers: [], body: "",
            canonicalRequest: ["POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        SuiteVector(
            "post-header-key-sort", "POST", "https://example.amazonaws.com/", headers: [("My-Header1", "value1")], body: "",
            canonicalRequest: ["POST", "/", "", "host:example.amazonaws.com", "my-header1:value1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        SuiteVector(
            "post-header-value-case", "POST", "https://example.amazonaws.com/", headers: [("My-Header1", "VALUE1")], body: "",
            canonicalRequest: ["POST", "/", "", "host:example.amazonaws.com", "my-header1:VALUE1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        SuiteVector(
            "post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1",
            canonicalRequest: ["POST", "/", "", "content-type:application/x-www-form-urlencoded", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "content-type;host;x-amz-date", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"],
            stringToSign: ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/service/aws4_request", "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"],
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    ]

    static let suiteSigner = SigV4(
        accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "service")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z
    static let s3Signer = SigV4(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z

    @Test("signs each case of AWS's SigV4 test suite to the published canonical request, string to sign and Authorization", arguments: suite)
    func testSuite(vector: SuiteVector) {
        let signed = Self.suiteSigner.sign(
            method: vector.method, url: vector.url, headers: vector.headers.map { (name: $0.0, value: $0.1) },
            payloadHash: SigV4.sha256Hex(Data(vector.body.utf8)), date: Self.suiteDate)
        #expect(signed.canonicalRequest == vector.canonicalRequest.joined(separator: "\n"))
        #expect(signed.stringToSign == vector.stringToSign.joined(separator: "\n"))
        #expect(signed.authorization == vector.authorization)
        #expect(signed.headers.contains { $0.name == "Authorization" && $0.value == vector.authorization })
        #expect(signed.headers.contains { $0.name == "X-Amz-Date" && $0.value == "20150830T123600Z" })
    }

    @Test("signs the S3 GET Object example with a Range header")
    func s3GetWithRange() {
        let signed = Self.s3Signer.sign(
            method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt", headers: [("Range", "bytes=0-9")],
            payloadHash: SigV4.emptyPayloadHash, date: Self.s3Date)
        #expect(
            signed.canonicalRequest == [
                "GET", "/test.txt", "", "host:examplebucket.s3.amazonaws.com", "range:bytes=0-9",
                "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "x-amz-date:20130524T000000Z", "",
                "host;range;x-amz-content-sha256;x-amz-date", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ].joined(separator: "\n"))
        #expect(
            signed.stringToSign == [
                "AWS4-HMAC-SHA256", "20130524T000000Z", "20130524/us-east-1/s3/aws4_request",
                "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            ].joined(separator: "\n"))
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
    }

    @Test("signs the S3 PUT Object example, whose key has a $ that is encoded once, raw or already encoded", arguments: ["test$file.text", "test%24file.text"])
    func s3Put(key: String) {
        let body = Data("Welcome to Amazon S3.".utf8)
        #expect(SigV4.sha256Hex(body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let signed = Self.s3Signer.sign(
            method: "PUT", url: "https://examplebucket.s3.amazonaws.com/\(key)",
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: SigV4.sha256Hex(body), date: Self.s3Date)
        #expect(signed.canonicalRequest.hasPrefix("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"))
        #expect(signed.stringToSign.hasSuffix("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(signed.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
        #expect(signed.authorization.contains("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"))
    }

    @Test(
        "signs the S3 GET Bucket Lifecycle and List Objects examples, whose queries are sorted and given empty values",
        arguments: [
            ("https://examplebucket.s3.amazonaws.com?lifecycle", "lifecycle=", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
            ("https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2", "max-keys=2&prefix=J", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
        ])
    func s3BucketQueries(url: String, canonicalQuery: String, signature: String) {
        let signed = Self.s3Signer.sign(method: "GET", url: url, payloadHash: SigV4.emptyPayloadHash, date: Self.s3Date)
        #expect(signed.canonicalRequest.hasPrefix("GET\n/\n\(canonicalQuery)\nhost:examplebucket.s3.amazonaws.com\n"))
        #expect(signed.signature == signature)
    }

    @Test("presigns the S3 example URL for test.txt valid 86400 seconds, signature and all")
    func s3Presigned() {
        let url = Self.s3Signer.presign(url: "https://examplebucket.s3.amazonaws.com/test.txt", expires: 86_400, date: Self.s3Date)
        #expect(
            url == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
                + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test(
        "encodes keys the S3 way: unreserved characters and slashes kept, every other UTF-8 byte as upper-case %XX",
        arguments: [
            ("ab/abcdef.png", true, "ab/abcdef.png"), ("a b/ü.png", true, "a%20b/%C3%BC.png"), ("a/b", false, "a%2Fb"),
            ("-._~AZaz09", false, "-._~AZaz09"), ("+=&?#%", false, "%2B%3D%26%3F%23%25"),
        ])
    func encoding(raw: String, keepingSlashes: Bool, encoded: String) {
        #expect(SigV4.encode(raw, keepingSlashes: keepingSlashes) == encoded)
    }

    @Test("a port that is not the scheme's default is part of the signed host; the default one is not")
    func hostPorts() {
        let local = Self.s3Signer.sign(method: "GET", url: "http://127.0.0.1:9000/prism/a.png", payloadHash: SigV4.emptyPayloadHash)
        #expect(local.canonicalRequest.contains("\nhost:127.0.0.1:9000\n"))
        let aws = Self.s3Signer.sign(method: "GET", url: "https://s3.amazonaws.com:443/prism/a.png", payloadHash: SigV4.emptyPayloadHash)
        #expect(aws.canonicalRequest.contains("\nhost:s3.amazonaws.com\n"))
    }

    @Test("the signer's description never shows the secret")
    func noSecretInDescription() {
        #expect(!String(describing: Self.s3Signer).contains("wJalrXUtnFEMI"))
    }
}
