import { expect } from "chai";
import { ethers } from "hardhat";
import request from "supertest";
import { ARTICLE_LIMITS } from "../../protocol";
import { frenchArticle, sampleArticle } from "../helpers/articles";
import { documentedOperations, documentSchemas, openApiProblems, schemaCompiler, servedOperations } from "../helpers/openapi";
import { signRetraction } from "../helpers/registry";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

type Json = any; // The document and the answers are checked against each other below.

describe("OpenAPI document", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  let doc: Json;
  let compile: ReturnType<typeof schemaCompiler>;

  before(async function () {
    ctx = await startTestService();
    doc = (await request(ctx.app).get("/openapi.json").expect(200).expect("Content-Type", /application\/json/)).body;
    compile = schemaCompiler(doc);
  });
  after(async function () {
    await ctx.service.close();
  });

  describe("GET /openapi.json", function () {
    it("is a well-formed OpenAPI 3.1 document", function () {
      expect(openApiProblems(doc)).to.deep.equal([]);
    });

    it("holds only valid JSON Schema 2020-12 schemas (Ajv, strict)", function () {
      for (const [where, schema] of documentSchemas(doc)) {
        expect(() => compile(schema), where).to.not.throw();
      }
    });

    it("documents every route the app serves, and no other", function () {
      // A route added without its operation in server/openapi/operations.ts fails here.
      const [documented, served] = [documentedOperations(doc), servedOperations(ctx.app)];
      expect(served).to.include("GET /v1/verify/{id}");
      expect({
        undocumented: served.filter((operation) => !documented.includes(operation)),
        notServed: documented.filter((operation) => !served.includes(operation)),
      }).to.deep.equal({ undocumented: [], notServed: [] });
    });

    it("describes requests with the schemas the routes validate with", function () {
      const publish = doc.paths["/v1/articles"].post.requestBody.content["application/json"].schema;
      expect(publish.required).to.deep.equal(["article", "signature"]);
      expect(publish.additionalProperties).to.equal(false);
      expect(publish.properties.article).to.deep.equal({ $ref: "#/components/schemas/ArticleInput" });
      const article = doc.components.schemas.ArticleInput;
      // JSON Schema's maxLength counts code points; the protocol's limits count UTF-16 code units.
      expect(article.properties.body).to.not.have.property("maxLength");
      expect(article.properties.body.description).to.include(`${ARTICLE_LIMITS.body} UTF-16 code units`);
      expect(article.additionalProperties).to.equal(false);
      const limit = doc.paths["/v1/publishers/{address}/articles"].get.parameters.find((p: Json) => p.name === "limit");
      expect(limit).to.deep.include({ in: "query", required: false });
      expect(limit.schema).to.deep.include({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    });

    it("marks the registrar's operations with the admin token", function () {
      expect(doc.components.securitySchemes.adminToken).to.deep.include({ type: "http", scheme: "bearer" });
      expect(doc.paths["/v1/publishers"].post.security).to.deep.equal([{ adminToken: [] }]);
      expect(doc.paths["/v1/publishers"].get.security).to.equal(undefined);
    });
  });

  describe("the answers", function () {
    /** Checks the answer's status is documented for the operation, and its body against the documented schema. */
    const checkAnswer = (method: string, template: string, res: request.Response) => {
      const operation = doc.paths[template]?.[method];
      expect(operation, `${method.toUpperCase()} ${template} is not documented`).to.not.equal(undefined);
      const response = operation.responses[res.status] ?? operation.responses.default;
      expect(response, `${method.toUpperCase()} ${template} answered an undocumented ${res.status}`).to.not.equal(undefined);
      const schema = response.content?.["application/json"]?.schema;
      expect(schema, `${method.toUpperCase()} ${template} ${res.status} has no JSON schema`).to.not.equal(undefined);
      const validate = compile(schema);
      expect(validate(res.body), `${method.toUpperCase()} ${template} ${res.status}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    };
    const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

    it("match their documented schemas, for answers and errors alike", async function () {
      const app = request(ctx.app);
      const article = frenchArticle();
      checkAnswer("get", "/healthz", await app.get("/healthz").expect(200));
      checkAnswer("get", "/v1/domain", await app.get("/v1/domain").expect(200));
      checkAnswer("post", "/v1/hash", await app.post("/v1/hash").send({ article }).expect(200));
      checkAnswer("post", "/v1/hash", await app.post("/v1/hash").send({ article: { ...article, tags: [] } }).expect(400));
      const duplicate = '{"article":{"title":"A","title":"B","body":"B","publishedAt":"2024-06-12T07:00:00Z"}}';
      checkAnswer("post", "/v1/hash", await app.post("/v1/hash").type("json").send(duplicate).expect(400));
      checkAnswer("post", "/v1/hash", await app.post("/v1/hash").send({ article: { ...article, title: "\u0378" } }).expect(400));

      const published = await app.post("/v1/articles").send(await ctx.publishBody(article)).expect(201);
      checkAnswer("post", "/v1/articles", published);
      checkAnswer("post", "/v1/articles", await app.post("/v1/articles").send(await ctx.publishBody(article)).expect(409));
      checkAnswer("post", "/v1/articles", await app.post("/v1/articles").send(await ctx.publishBody(sampleArticle(1), ctx.other)).expect(403));
      const { cid } = published.body;
      checkAnswer("get", "/v1/articles/{cid}", await app.get(`/v1/articles/${cid}`).expect(200));
      checkAnswer("get", "/v1/articles/{cid}", await app.get("/v1/articles/nonsense").expect(400));
      checkAnswer("get", "/v1/articles/{cid}/history", await app.get(`/v1/articles/${cid}/history`).expect(200));
      checkAnswer("get", "/v1/verify/{id}", await app.get(`/v1/verify/${cid}`).expect(200));
      checkAnswer("post", "/v1/verify", await app.post("/v1/verify").send({ article: sampleArticle(2) }).expect(200));
      const quote = "Mistral AI, une startup technologique française, a récemment conclu un important tour de table";
      const quoted = await app.post("/v1/verify/quote").send({ text: quote }).expect(200);
      expect(quoted.body.matches).to.have.length(1);
      checkAnswer("post", "/v1/verify/quote", quoted);

      const retracted = (await app.post("/v1/articles").send(await ctx.publishBody(sampleArticle(3))).expect(201)).body;
      const reason = "The figures were wrong.";
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash: retracted.contentHash, reason });
      checkAnswer("post", "/v1/articles/{cid}/retraction", await app.post(`/v1/articles/${retracted.cid}/retraction`).send({ reason, signature }).expect(200));

      const bulk = await app.post("/v1/articles/bulk").send({ items: [await ctx.publishBody(sampleArticle(4)), { article }] }).expect(200);
      expect(bulk.body.results.map((r: { status: number }) => r.status)).to.deep.equal([201, 400]);
      checkAnswer("post", "/v1/articles/bulk", bulk);
      checkAnswer("post", "/v1/articles/bulk", await app.post("/v1/articles/bulk").send({ items: [] }).expect(400));

      const newsroom = ethers.Wallet.createRandom().address;
      const registration = { address: newsroom, name: "Le Quotidien", domain: "quotidien.example" };
      checkAnswer("post", "/v1/publishers", await app.post("/v1/publishers").set(admin).send(registration).expect(201));
      checkAnswer("post", "/v1/publishers", await app.post("/v1/publishers").send(registration).expect(401));
      checkAnswer("get", "/v1/publishers", await app.get("/v1/publishers").expect(200));
      checkAnswer("get", "/v1/publishers/{address}", await app.get(`/v1/publishers/${ctx.publisher.address}`).expect(200));
      checkAnswer("get", "/v1/publishers/{address}", await app.get(`/v1/publishers/${ethers.Wallet.createRandom().address}`).expect(404));
      checkAnswer("get", "/v1/publishers/{address}/articles", await app.get(`/v1/publishers/${ctx.publisher.address}/articles?limit=5`).expect(200));
      const newKey = ethers.Wallet.createRandom().address;
      checkAnswer("post", "/v1/publishers/{address}/rotation", await app.post(`/v1/publishers/${newsroom}/rotation`).set(admin).send({ newKey }).expect(200));
      checkAnswer("post", "/v1/publishers/{address}/revocation", await app.post(`/v1/publishers/${newKey}/revocation`).set(admin).expect(200));
      checkAnswer("get", "/openapi.json", await app.get("/openapi.json").expect(200));
    });

    it("include the error body on routes that do not exist", async function () {
      const res = await request(ctx.app).get("/nowhere").expect(404);
      const validate = compile({ $ref: "#/components/schemas/Error" });
      expect(validate(res.body), JSON.stringify(validate.errors)).to.equal(true);
    });
  });

  describe("GET /docs", function () {
    it("redirects to /docs/, where the page's relative asset URLs resolve", async function () {
      await request(ctx.app).get("/docs").expect(301).expect("Location", "/docs/");
    });

    it("serves Swagger UI reading /openapi.json, with its assets from this service only", async function () {
      const page = await request(ctx.app).get("/docs/").expect(200).expect("Content-Type", /text\/html/);
      expect(page.text).to.contain("swagger-ui-bundle.js");
      expect(page.text, "no asset from another origin").to.not.match(/(src|href)=["']?(https?:)?\/\//);
      const init = await request(ctx.app).get("/docs/swagger-ui-init.js").expect(200).expect("Content-Type", /javascript/);
      expect(init.text).to.contain('"swaggerUrl": "/openapi.json"');
      for (const asset of ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]) {
        const res = await request(ctx.app).get(`/docs/${asset}`).expect(200);
        expect(Number(res.get("Content-Length")), asset).to.be.greaterThan(1000);
      }
    });
  });
});
