package dev.vibe.riffs.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Checks Kubernetes manifests and kustomization files offline, against the API's types rather than YAML syntax
 * alone. Each YAML document is read strictly into the fabric8 model of its {@code apiVersion} and {@code kind}
 * (the Prometheus operator's ServiceMonitor into fabric8's model of its CRD, a kustomization or kustomize
 * component into {@link Kustomization}), then checked for what the model lets through. A document is rejected for:
 * <ul>
 * <li>an unknown apiVersion/kind (only the kinds this project uses are known: see {@link #KINDS});</li>
 * <li>a wrong type: a string where the API wants a number or boolean, a number or boolean where it wants a
 * string, a fraction where it wants an integer, a scalar where it wants a list or object, and so on.
 * Jackson's lenient coercions are switched off, so {@code replicas: "2"} fails as the API server fails it;</li>
 * <li>an unknown field, at any depth: the fabric8 models keep unknown fields in {@code additionalProperties}
 * instead of failing, so every object of the graph is visited and any non-empty one is reported;</li>
 * <li>a missing required field, from the table {@link RequiredFields} (which fails closed on unlisted types),
 * and {@code metadata.name};</li>
 * <li>values the API server refuses although their type is right: malformed quantities and label keys or
 * values, an IntOrString that is neither, duplicate keys, a selector that does not select its own pod
 * template, a probe on a port the container does not declare, a mount of an undeclared volume, a malformed
 * CIDR or scrape interval, an Ingress path that is relative or (where ingress-nginx reads paths as regular expressions)
 * not a regular expression, and the like;</li>
 * <li>a file of a {@code configMapGenerator} that is missing, outside the kustomization's directory (kustomize
 * refuses to load it) or, for a {@code .json} file, not valid JSON.</li>
 * </ul>
 * YAML is read as {@code kubectl} reads it (YAML 1.1): a plain {@code yes}, {@code on} or {@code y} is a boolean,
 * so it fails where the API wants a string; quote it.
 * Each problem names the file, the object and the JSON path of the field.
 */
final class ManifestValidator {

    /** The kinds the project's manifests may use, by "apiVersion kind", with the model each is read into. */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("apps/v1 Deployment", Deployment.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("v1 ConfigMap", ConfigMap.class),
            Map.entry("v1 Secret", Secret.class),
            Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1 ServiceMonitor", ServiceMonitor.class),
            Map.entry(Kustomization.API_VERSION + " " + Kustomization.KIND, Kustomization.class),
            Map.entry(Kustomization.COMPONENT_API_VERSION + " " + Kustomization.COMPONENT_KIND, Kustomization.class));

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");
    private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
    private static final Set<String> POLICY_TYPES = Set.of("Ingress", "Egress");
    private static final Set<String> INGRESS_PATH_TYPES = Set.of("Exact", "Prefix", "ImplementationSpecific");
    /** The ingress-nginx annotation that makes every path of the host a regular expression. */
    static final String NGINX_USE_REGEX = "nginx.ingress.kubernetes.io/use-regex";
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    /** A Prometheus duration, as the ServiceMonitor CRD's pattern allows it. */
    private static final Pattern PROMETHEUS_DURATION = Pattern.compile(
            "0|(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] DURATION_UNITS_MS =
            { 365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1 };

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectMapper mapper = strictYamlMapper();
    private final Map<Class<?>, List<BeanPropertyDefinition>> properties = new ConcurrentHashMap<>();

    /** One YAML document of a file, read into its model. */
    record Document(String apiVersion, String kind, String name, Object object) {
    }

    /** The documents of one file and every problem found in it; the file is valid when there is none. */
    record Result(Path file, List<Document> documents, List<String> problems) {

        boolean isValid() {
            return problems.isEmpty();
        }

        /** The objects of {@code type} the file holds. */
        <T> List<T> objects(Class<T> type) {
            return documents.stream().map(Document::object).filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** Reads and checks every document of {@code file}. */
    Result validate(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String where = file.getFileName().toString();
        List<String> problems = new ArrayList<>();
        List<Document> documents = new ArrayList<>();
        List<JsonNode> trees;
        try (MappingIterator<JsonNode> iterator = mapper.readerFor(JsonNode.class).readValues(text)) {
            trees = iterator.readAll();
        } catch (IOException e) {
            problems.add(where + ": not valid YAML: " + firstLine(e));
            return new Result(file, documents, problems);
        }
        for (JsonNode tree : trees) {
            if (tree == null || tree.isNull() || tree.isMissingNode() || (tree.isTextual() && tree.asText().isEmpty())) {
                continue; // an empty document, e.g. after a trailing "---"
            }
            Document document = read(where, file.toAbsolutePath().getParent(), tree, problems);
            if (document != null) {
                documents.add(document);
            }
        }
        if (documents.isEmpty() && problems.isEmpty()) {
            problems.add(where + ": holds no Kubernetes object");
        }
        return new Result(file, documents, problems);
    }

    private Document read(String file, Path directory, JsonNode tree, List<String> problems) {
        if (!tree.isObject()) {
            problems.add(file + ": a document must be a mapping, not " + tree.getNodeType());
            return null;
        }
        String apiVersion = tree.path("apiVersion").isTextual() ? tree.get("apiVersion").asText() : null;
        String kind = tree.path("kind").isTextual() ? tree.get("kind").asText() : null;
        String name = tree.path("metadata").path("name").isTextual() ? tree.get("metadata").get("name").asText() : null;
        String where = file + " " + kind + (name == null ? "" : "/" + name);
        if (apiVersion == null || kind == null) {
            problems.add(where + ": apiVersion and kind are required strings");
            return null;
        }
        Class<?> model = KINDS.get(apiVersion + " " + kind);
        if (model == null) {
            problems.add(where + ": unknown apiVersion/kind " + apiVersion + " " + kind
                    + " (known: " + KINDS.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
            return null;
        }
        Object object;
        try {
            object = mapper.treeToValue(tree, model);
        } catch (JsonMappingException e) {
            problems.add(where + ": " + path(e.getPath()) + ": " + firstLine(e));
            return null;
        } catch (JacksonException e) {
            problems.add(where + ": " + firstLine(e));
            return null;
        }
        List<String> found = new ArrayList<>();
        if (object instanceof HasMetadata resource) {
            checkName(resource, found);
            walk(object, "", found);
            checkKind(object, found);
        } else if (object instanceof Kustomization kustomization) {
            checkKustomization(kustomization, directory, found);
        }
        found.forEach(problem -> problems.add(where + ": " + problem));
        return new Document(apiVersion, kind, name, object);
    }

    // --- the whole object graph: unknown fields, required fields, well-formed values ----------------------

    private void walk(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof IntOrString intOrString) {
            Object inner = intOrString.getValue();
            if (!(inner instanceof Integer) && !(inner instanceof String)) {
                problems.add(path + ": must be an integer or a string, not " + inner);
            }
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                Quantity.getAmountInBytes(quantity);
            } catch (RuntimeException e) {
                problems.add(path + ": \"" + quantity + "\" is not a quantity (e.g. 250m, 1, 512Mi)");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", problems));
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (!(value instanceof KubernetesResource)) {
            return; // a string, number or boolean: its type was checked while reading
        }
        String at = path.isEmpty() ? "(top level)" : path;
        Map<String, Object> unknown = additionalProperties(value);
        if (!unknown.isEmpty()) {
            problems.add(at + ": unknown field(s) " + unknown.keySet().stream().sorted()
                    .map(field -> "\"" + field + "\"").collect(Collectors.joining(", "))
                    + " for " + value.getClass().getSimpleName());
        }
        var required = RequiredFields.of(value.getClass());
        if (required.isEmpty()) {
            problems.add(at + ": no required-field rule for " + value.getClass().getName()
                    + ": add its required fields (Kubernetes API reference) to RequiredFields");
        }
        checkValue(value, at, problems);
        List<BeanPropertyDefinition> fields = properties(value.getClass());
        required.orElse(Set.of()).stream()
                .filter(name -> fields.stream().noneMatch(property -> property.getName().equals(name)))
                .forEach(name -> problems.add(at + ": RequiredFields names \"" + name + "\", which "
                        + value.getClass().getSimpleName() + " does not have"));
        for (BeanPropertyDefinition property : fields) {
            Object child = property.getAccessor().getValue(value);
            String childPath = path.isEmpty() ? property.getName() : path + "." + property.getName();
            if (required.isPresent() && required.get().contains(property.getName()) && isBlank(child)) {
                problems.add(childPath + ": required field missing");
            }
            walk(child, childPath, problems);
        }
    }

    /** Rules of single objects that the types do not express. */
    private static void checkValue(Object value, String at, List<String> problems) {
        if (value instanceof ObjectMeta meta) {
            checkLabels(meta.getLabels(), at + ".labels", problems);
        } else if (value instanceof LabelSelector selector) {
            checkLabels(selector.getMatchLabels(), at + ".matchLabels", problems);
        } else if (value instanceof LabelSelectorRequirement requirement
                && requirement.getOperator() != null) {
            String operator = requirement.getOperator();
            boolean hasValues = requirement.getValues() != null && !requirement.getValues().isEmpty();
            if (!SELECTOR_OPERATORS.contains(operator)) {
                problems.add(at + ".operator: \"" + operator + "\" is not one of " + SELECTOR_OPERATORS);
            } else if (hasValues != (operator.equals("In") || operator.equals("NotIn"))) {
                problems.add(at + ".values: In and NotIn need values, Exists and DoesNotExist take none");
            }
        } else if (value instanceof ContainerPort port) {
            if (port.getContainerPort() != null && (port.getContainerPort() < 1 || port.getContainerPort() > 65535)) {
                problems.add(at + ".containerPort: " + port.getContainerPort() + " is not a port number");
            }
            if (port.getName() != null && !PORT_NAME.matcher(port.getName()).matches()) {
                problems.add(at + ".name: \"" + port.getName() + "\" is not a port name (15 characters at most)");
            }
        }
    }

    private static void checkLabels(Map<String, String> labels, String at, List<String> problems) {
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> Stream.of(LabelSelectors.keyProblem(key), LabelSelectors.valueProblem(value))
                .filter(Objects::nonNull)
                .forEach(problem -> problems.add(at + ": " + problem)));
    }

    // --- rules of each kind ------------------------------------------------------------------------------

    private static void checkName(HasMetadata resource, List<String> problems) {
        String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
        if (name == null || name.isBlank()) {
            problems.add("metadata.name: required field missing");
        } else if (!DNS_LABEL.matcher(name).matches()) {
            problems.add("metadata.name: \"" + name + "\" is not a DNS label (lower case, digits, '-', 63 at most)");
        }
    }

    private static void checkKind(Object object, List<String> problems) {
        if (object instanceof Deployment deployment && deployment.getSpec() != null) {
            var spec = deployment.getSpec();
            if (spec.getTemplate() != null && !LabelSelectors.matches(spec.getSelector(),
                    spec.getTemplate().getMetadata() == null ? null : spec.getTemplate().getMetadata().getLabels())) {
                problems.add("spec.selector: must be non-empty and select the labels of spec.template.metadata.labels");
            }
            if (spec.getTemplate() != null && spec.getTemplate().getSpec() != null) {
                checkPodSpec(spec.getTemplate().getSpec(), "spec.template.spec", problems);
            }
        } else if (object instanceof Service service && service.getSpec() != null) {
            List<ServicePort> ports = orEmpty(service.getSpec().getPorts());
            if (ports.isEmpty()) {
                problems.add("spec.ports: a Service needs at least one port");
            }
            if (ports.size() > 1 && ports.stream().anyMatch(port -> port.getName() == null)) {
                problems.add("spec.ports: every port needs a name when there are several");
            }
            duplicates(ports.stream().map(ServicePort::getName).filter(Objects::nonNull).toList())
                    .forEach(name -> problems.add("spec.ports: duplicate port name \"" + name + "\""));
            if (service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
                problems.add("spec.selector: required here: this Service must select the pods it serves");
            }
        } else if (object instanceof PodDisruptionBudget budget && budget.getSpec() != null) {
            var spec = budget.getSpec();
            if ((spec.getMinAvailable() == null) == (spec.getMaxUnavailable() == null)) {
                problems.add("spec: exactly one of minAvailable and maxUnavailable");
            }
            if (LabelSelectors.isEmpty(spec.getSelector())) {
                problems.add("spec.selector: required here: an empty selector protects every pod of the namespace");
            }
        } else if (object instanceof HorizontalPodAutoscaler autoscaler && autoscaler.getSpec() != null) {
            var spec = autoscaler.getSpec();
            int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
            if (min < 1 || (spec.getMaxReplicas() != null && spec.getMaxReplicas() < min)) {
                problems.add("spec: need 1 <= minReplicas <= maxReplicas");
            }
        } else if (object instanceof NetworkPolicy policy && policy.getSpec() != null) {
            checkNetworkPolicy(policy, problems);
        } else if (object instanceof ServiceMonitor monitor && monitor.getSpec() != null) {
            checkServiceMonitor(monitor, problems);
        } else if (object instanceof Ingress ingress && ingress.getSpec() != null) {
            checkIngress(ingress, problems);
        } else if (object instanceof ConfigMap configMap) {
            checkDataKeys(configMap.getData(), "data", problems);
            checkDataKeys(configMap.getBinaryData(), "binaryData", problems);
        } else if (object instanceof Secret secret) {
            checkDataKeys(secret.getStringData(), "stringData", problems);
            checkDataKeys(secret.getData(), "data", problems);
            if (secret.getData() != null) {
                secret.getData().forEach((key, value) -> {
                    try {
                        Base64.getDecoder().decode(value);
                    } catch (IllegalArgumentException e) {
                        problems.add("data[" + key + "]: not base64 (put plain text under stringData)");
                    }
                });
            }
        }
    }

    private static void checkNetworkPolicy(NetworkPolicy policy, List<String> problems) {
        var spec = policy.getSpec();
        if (LabelSelectors.isEmpty(spec.getPodSelector())) {
            problems.add("spec.podSelector: required here: an empty selector applies the policy to every pod"
                    + " of the namespace");
        }
        List<String> types = orEmpty(spec.getPolicyTypes());
        types.stream().filter(type -> !POLICY_TYPES.contains(type))
                .forEach(type -> problems.add("spec.policyTypes: \"" + type + "\" is not one of "
                        + new TreeSet<>(POLICY_TYPES)));
        duplicates(types).forEach(type -> problems.add("spec.policyTypes: duplicate \"" + type + "\""));
        if (!types.isEmpty() && !types.contains("Ingress") && !orEmpty(spec.getIngress()).isEmpty()) {
            problems.add("spec.ingress: has no effect without \"Ingress\" in spec.policyTypes");
        }
        if (!types.isEmpty() && !types.contains("Egress") && !orEmpty(spec.getEgress()).isEmpty()) {
            problems.add("spec.egress: has no effect without \"Egress\" in spec.policyTypes");
        }
        for (int i = 0; i < orEmpty(spec.getIngress()).size(); i++) {
            var rule = spec.getIngress().get(i);
            checkPolicyPorts(orEmpty(rule.getPorts()), "spec.ingress[" + i + "].ports", problems);
            checkPolicyPeers(orEmpty(rule.getFrom()), "spec.ingress[" + i + "].from", problems);
        }
        for (int i = 0; i < orEmpty(spec.getEgress()).size(); i++) {
            var rule = spec.getEgress().get(i);
            checkPolicyPorts(orEmpty(rule.getPorts()), "spec.egress[" + i + "].ports", problems);
            checkPolicyPeers(orEmpty(rule.getTo()), "spec.egress[" + i + "].to", problems);
        }
    }

    private static void checkPolicyPorts(List<NetworkPolicyPort> ports, String at, List<String> problems) {
        for (int i = 0; i < ports.size(); i++) {
            NetworkPolicyPort port = ports.get(i);
            String here = at + "[" + i + "]";
            if (port.getProtocol() != null && !PROTOCOLS.contains(port.getProtocol())) {
                problems.add(here + ".protocol: \"" + port.getProtocol() + "\" is not one of " + new TreeSet<>(PROTOCOLS));
            }
            Object value = port.getPort() == null ? null : port.getPort().getValue();
            if (value instanceof Integer number && (number < 1 || number > 65535)) {
                problems.add(here + ".port: " + number + " is not a port number");
            } else if (value instanceof String name && !(PORT_NAME.matcher(name).matches() && name.matches(".*[a-z].*"))) {
                problems.add(here + ".port: \"" + name + "\" is neither a port number nor a port name");
            }
            if (port.getEndPort() != null && !(value instanceof Integer number && port.getEndPort() >= number)) {
                problems.add(here + ".endPort: needs a numeric port no greater than itself");
            }
        }
    }

    private static void checkPolicyPeers(List<NetworkPolicyPeer> peers, String at, List<String> problems) {
        for (int i = 0; i < peers.size(); i++) {
            NetworkPolicyPeer peer = peers.get(i);
            String here = at + "[" + i + "]";
            boolean selectors = peer.getPodSelector() != null || peer.getNamespaceSelector() != null;
            if (peer.getIpBlock() != null && selectors) {
                problems.add(here + ": ipBlock excludes podSelector and namespaceSelector");
            } else if (peer.getIpBlock() == null && !selectors) {
                problems.add(here + ": needs podSelector, namespaceSelector or ipBlock");
            }
            IPBlock block = peer.getIpBlock();
            if (block != null && block.getCidr() != null) {
                BigInteger[] range = cidr(block.getCidr());
                if (range == null) {
                    problems.add(here + ".ipBlock.cidr: \"" + block.getCidr() + "\" is not a CIDR (e.g. 10.0.0.0/8)");
                }
                for (String except : orEmpty(block.getExcept())) {
                    BigInteger[] excluded = cidr(except);
                    if (excluded == null) {
                        problems.add(here + ".ipBlock.except: \"" + except + "\" is not a CIDR");
                    } else if (range != null && (range[2].compareTo(excluded[2]) != 0
                            || excluded[0].compareTo(range[0]) < 0 || excluded[1].compareTo(range[1]) > 0
                            || excluded[1].subtract(excluded[0]).compareTo(range[1].subtract(range[0])) >= 0)) {
                        problems.add(here + ".ipBlock.except: \"" + except + "\" is not strictly inside " + block.getCidr());
                    }
                }
            }
        }
    }

    /** The first and last address of {@code cidr} and its address length in bits, or null when it is no CIDR. */
    private static BigInteger[] cidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String address = cidr.substring(0, slash);
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null; // never let InetAddress look a name up
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int bits = bytes.length * 8;
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                return null;
            }
            BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
            BigInteger first = new BigInteger(1, bytes).andNot(hostMask);
            return new BigInteger[] { first, first.or(hostMask), BigInteger.valueOf(bits) };
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * What the API server refuses in an Ingress (a path type it does not know, a relative path, a backend that is neither or
     * both of a Service and a resource, a Service port that is neither or both of a name and a number), and, where
     * ingress-nginx reads paths as regular expressions ({@code use-regex}), a path that is none.
     */
    private static void checkIngress(Ingress ingress, List<String> problems) {
        Map<String, String> annotations = ingress.getMetadata() == null ? null : ingress.getMetadata().getAnnotations();
        boolean regex = annotations != null && "true".equals(annotations.get(NGINX_USE_REGEX));
        List<IngressRule> rules = orEmpty(ingress.getSpec().getRules());
        for (int r = 0; r < rules.size(); r++) {
            List<HTTPIngressPath> paths = rules.get(r).getHttp() == null ? List.of() : orEmpty(rules.get(r).getHttp().getPaths());
            for (int p = 0; p < paths.size(); p++) {
                HTTPIngressPath path = paths.get(p);
                String here = "spec.rules[" + r + "].http.paths[" + p + "]";
                if (path.getPathType() != null && !INGRESS_PATH_TYPES.contains(path.getPathType())) {
                    problems.add(here + ".pathType: \"" + path.getPathType() + "\" is not Exact, Prefix or ImplementationSpecific");
                }
                if (path.getPath() != null && !path.getPath().startsWith("/")) {
                    problems.add(here + ".path: \"" + path.getPath() + "\" must start with /");
                }
                if (regex && path.getPath() != null) {
                    try {
                        Pattern.compile(path.getPath());
                    } catch (PatternSyntaxException e) {
                        problems.add(here + ".path: \"" + path.getPath() + "\" is not a regular expression (" + NGINX_USE_REGEX + ")");
                    }
                }
                checkIngressBackend(path.getBackend(), here + ".backend", problems);
            }
        }
        checkIngressBackend(ingress.getSpec().getDefaultBackend(), "spec.defaultBackend", problems);
    }

    private static void checkIngressBackend(IngressBackend backend, String here, List<String> problems) {
        if (backend == null) {
            return;
        }
        if ((backend.getService() == null) == (backend.getResource() == null)) {
            problems.add(here + ": exactly one of service and resource");
        }
        ServiceBackendPort port = backend.getService() == null ? null : backend.getService().getPort();
        if (backend.getService() != null && (port == null || (port.getName() == null) == (port.getNumber() == null))) {
            problems.add(here + ".service.port: exactly one of name and number");
        }
    }

    private static void checkServiceMonitor(ServiceMonitor monitor, List<String> problems) {
        var spec = monitor.getSpec();
        if (LabelSelectors.isEmpty(spec.getSelector())) {
            problems.add("spec.selector: required here: an empty selector scrapes every Service of the namespace");
        }
        List<Endpoint> endpoints = orEmpty(spec.getEndpoints());
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            String here = "spec.endpoints[" + i + "]";
            if ((endpoint.getPort() == null) == (endpoint.getTargetPort() == null)) {
                problems.add(here + ": exactly one of port (a Service port name) and targetPort");
            }
            if (endpoint.getPath() != null && !endpoint.getPath().startsWith("/")) {
                problems.add(here + ".path: \"" + endpoint.getPath() + "\" must start with /");
            }
            if (endpoint.getScheme() != null && !Set.of("http", "https").contains(endpoint.getScheme().toLowerCase())) {
                problems.add(here + ".scheme: \"" + endpoint.getScheme() + "\" is not http or https");
            }
            Long interval = durationMillis(endpoint.getInterval(), here + ".interval", problems);
            Long timeout = durationMillis(endpoint.getScrapeTimeout(), here + ".scrapeTimeout", problems);
            if (interval != null && timeout != null && timeout > interval) {
                problems.add(here + ".scrapeTimeout: longer than the interval (Prometheus refuses it)");
            }
        }
    }

    private static Long durationMillis(String duration, String at, List<String> problems) {
        if (duration == null) {
            return null;
        }
        var matcher = PROMETHEUS_DURATION.matcher(duration);
        if (duration.isEmpty() || !matcher.matches()) {
            problems.add(at + ": \"" + duration + "\" is not a Prometheus duration (e.g. 30s, 1m, 1m30s)");
            return null;
        }
        long millis = 0;
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                millis += Long.parseLong(matcher.group(group)) * DURATION_UNITS_MS[group - 1];
            }
        }
        return millis;
    }

    private static void checkPodSpec(PodSpec pod, String at, List<String> problems) {
        List<Container> containers = orEmpty(pod.getContainers());
        Set<String> volumes = orEmpty(pod.getVolumes()).stream().map(Volume::getName).collect(Collectors.toSet());
        duplicates(orEmpty(pod.getVolumes()).stream().map(Volume::getName).toList())
                .forEach(name -> problems.add(at + ".volumes: duplicate volume \"" + name + "\""));
        duplicates(containers.stream().map(Container::getName).toList())
                .forEach(name -> problems.add(at + ".containers: duplicate container \"" + name + "\""));
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            String here = at + ".containers[" + i + "]";
            List<ContainerPort> ports = orEmpty(container.getPorts());
            Set<String> portNames = ports.stream().map(ContainerPort::getName).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            duplicates(ports.stream().map(ContainerPort::getName).filter(Objects::nonNull).toList())
                    .forEach(name -> problems.add(here + ".ports: duplicate port name \"" + name + "\""));
            duplicates(orEmpty(container.getEnv()).stream().map(env -> env.getName()).toList())
                    .forEach(name -> problems.add(here + ".env: duplicate variable \"" + name + "\""));
            orEmpty(container.getVolumeMounts()).stream()
                    .filter(mount -> mount.getName() != null && !volumes.contains(mount.getName()))
                    .forEach(mount -> problems.add(here + ".volumeMounts: volume \"" + mount.getName()
                            + "\" is not declared in " + at + ".volumes"));
            checkProbePort(container.getStartupProbe(), here + ".startupProbe", portNames, problems);
            checkProbePort(container.getLivenessProbe(), here + ".livenessProbe", portNames, problems);
            checkProbePort(container.getReadinessProbe(), here + ".readinessProbe", portNames, problems);
        }
    }

    private static void checkProbePort(Probe probe, String at, Set<String> portNames, List<String> problems) {
        if (probe == null) {
            return;
        }
        int handlers = (probe.getHttpGet() == null ? 0 : 1) + (probe.getTcpSocket() == null ? 0 : 1)
                + (probe.getExec() == null ? 0 : 1) + (probe.getGrpc() == null ? 0 : 1);
        if (handlers != 1) {
            problems.add(at + ": exactly one of httpGet, tcpSocket, exec and grpc");
        }
        IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
        if (port != null && port.getValue() instanceof String name && !portNames.contains(name)) {
            problems.add(at + ": port \"" + name + "\" is not a port name of this container");
        }
    }

    private static void checkDataKeys(Map<String, String> data, String at, List<String> problems) {
        if (data != null) {
            data.keySet().stream().filter(key -> !DATA_KEY.matcher(key).matches())
                    .forEach(key -> problems.add(at + ": key \"" + key + "\" may hold only alphanumerics, '-', '_', '.'"));
        }
    }

    private void checkKustomization(Kustomization kustomization, Path directory, List<String> problems) {
        if (kustomization.isComponent()) {
            if (kustomization.resourcesOrEmpty().isEmpty() && kustomization.configMapGeneratorOrEmpty().isEmpty()) {
                problems.add("a component needs resources or a configMapGenerator");
            }
        } else if (kustomization.resourcesOrEmpty().isEmpty()) {
            problems.add("resources: required field missing");
        }
        kustomization.resourcesOrEmpty().stream().filter(ManifestValidator::isBlank)
                .forEach(resource -> problems.add("resources: an entry is empty"));
        for (Kustomization.Label label : kustomization.labelsOrEmpty()) {
            if (label.pairsOrEmpty().isEmpty()) {
                problems.add("labels: an entry has no pairs");
            }
            checkLabels(label.pairsOrEmpty(), "labels.pairs", problems);
        }
        for (Kustomization.Image image : kustomization.imagesOrEmpty()) {
            if (isBlank(image.name())) {
                problems.add("images.name: required field missing");
            }
            if (isBlank(image.newName()) && isBlank(image.newTag()) && isBlank(image.digest())) {
                problems.add("images: " + image.name() + " changes nothing (newName, newTag or digest)");
            }
        }
        List<Kustomization.ConfigMapGenerator> generators = kustomization.configMapGeneratorOrEmpty();
        for (int i = 0; i < generators.size(); i++) {
            checkGenerator(generators.get(i), "configMapGenerator[" + i + "]", directory, problems);
        }
        if (kustomization.generatorOptions() != null) {
            checkLabels(kustomization.generatorOptions().labels(), "generatorOptions.labels", problems);
        }
    }

    private void checkGenerator(Kustomization.ConfigMapGenerator generator, String at, Path directory,
            List<String> problems) {
        if (isBlank(generator.name())) {
            problems.add(at + ".name: required field missing");
        } else if (!DNS_LABEL.matcher(generator.name()).matches()) {
            problems.add(at + ".name: \"" + generator.name() + "\" is not a DNS label");
        }
        if (isBlank(generator.files()) && isBlank(generator.literals()) && isBlank(generator.envs())) {
            problems.add(at + ": generates nothing (files, literals or envs)");
        }
        if (generator.options() != null) {
            checkLabels(generator.options().labels(), at + ".options.labels", problems);
        }
        List<String> keys = new ArrayList<>();
        for (String source : generator.filesOrEmpty()) {
            int equals = source.indexOf('=');
            String relative = equals < 0 ? source : source.substring(equals + 1);
            Path path = directory.resolve(relative).normalize();
            keys.add(equals < 0 ? path.getFileName().toString() : source.substring(0, equals));
            if (!path.startsWith(directory)) {
                problems.add(at + ".files: " + relative
                        + " is outside the kustomization's directory (kustomize refuses it)");
            } else if (!Files.isRegularFile(path)) {
                problems.add(at + ".files: " + relative + " does not exist");
            } else if (relative.endsWith(".json")) {
                try {
                    json.readTree(path.toFile());
                } catch (IOException e) {
                    problems.add(at + ".files: " + relative + " is not valid JSON: " + firstLine(e));
                }
            }
        }
        keys.stream().filter(key -> !DATA_KEY.matcher(key).matches())
                .forEach(key -> problems.add(at + ".files: key \"" + key
                        + "\" may hold only alphanumerics, '-', '_', '.'"));
        duplicates(keys).forEach(key -> problems.add(at + ".files: duplicate key \"" + key + "\""));
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static ObjectMapper strictYamlMapper() {
        YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        ObjectMapper mapper = YAMLMapper.builder(factory)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
        // No number or boolean where the API wants a string: the API server rejects `name: 123`.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private List<BeanPropertyDefinition> properties(Class<?> type) {
        return properties.computeIfAbsent(type, key -> {
            BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(key));
            return description.findProperties().stream()
                    .filter(property -> property.getAccessor() != null)
                    .filter(property -> !property.getName().equals("additionalProperties"))
                    .map(property -> {
                        AnnotatedMember accessor = property.getAccessor();
                        accessor.fixAccess(true);
                        return property;
                    })
                    .toList();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            Map<String, Object> additional = (Map<String, Object>) getter.invoke(value);
            return additional == null ? Map.of() : additional;
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the unknown fields of " + value.getClass(), e);
        }
    }

    private static boolean isBlank(Object value) {
        return value == null
                || (value instanceof String text && text.isBlank())
                || (value instanceof Collection<?> collection && collection.isEmpty())
                || (value instanceof Map<?, ?> map && map.isEmpty());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Set<String> duplicates(List<String> names) {
        Set<String> seen = new HashSet<>();
        return names.stream().filter(Objects::nonNull).filter(name -> !seen.add(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        String line = message.lines().findFirst().orElse(message);
        int hint = line.indexOf(" (but ");
        return hint < 0 ? line : line.substring(0, hint); // drop Jackson's advice to enable coercion
    }
}
